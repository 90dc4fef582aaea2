package dev.barker.model;

import dev.barker.manifold.Address;
import dev.barker.manifold.InvalidAddressException;

/** Where Barker's messages live, under a directory: outboxes, inboxes and the business logic. */
public final class Mailboxes {

  /** The outbox manifolds' address; {@code /outbox/<user>} is a user's outbox. */
  public static final String OUTBOX = "/outbox";
  /** The inbox manifold's address; {@code /inbox/<user>} is a user's inbox. */
  public static final String INBOX = "/inbox";
  /** The business logic's address. */
  public static final String BIZLOGIC = "/bizlogic";

  private Mailboxes() {
  }

  /** {@code //HOST/outbox/<user>}: where {@code user} barks. */
  public static Address outbox(Address directory, String user) {
    return directory.withPath(OUTBOX + "/" + user);
  }

  /**
   * Whose outbox {@code linkAddress} is ({@code //HOST/outbox/rex} or {@code /outbox/rex}: rex), or
   * null when it is none.
   */
  public static String ownerOfOutbox(String linkAddress) {
    String path;
    try {
      path = Address.pathOf(linkAddress);
    } catch (InvalidAddressException notAnAddress) {
      return null;
    }
    String user = path.startsWith(OUTBOX + "/") ? path.substring(OUTBOX.length() + 1) : "";
    return user.isEmpty() || user.contains("/") ? null : user;
  }

  /** {@code //HOST/inbox/<user>}: where {@code user} reads. */
  public static Address inbox(Address directory, String user) {
    return directory.withPath(INBOX + "/" + user);
  }
}
