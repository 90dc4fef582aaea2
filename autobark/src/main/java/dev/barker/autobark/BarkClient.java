package dev.barker.autobark;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Receiver;
import dev.barker.manifold.link.Sender;
import dev.barker.model.Bark;
import dev.barker.model.InvalidBarkException;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/** Barking and listening as one user: what {@code barker bark} and {@code barker listen} do. */
public final class BarkClient {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Linker linker;
  private final Address directory;
  private final Users users;

  /** A client of the Barker behind {@code directory}, whose users are {@code users}. */
  public BarkClient(Linker linker, Address directory, Users users) {
    this.linker = linker;
    this.directory = directory;
    this.users = users;
  }

  /**
   * Barks {@code text} as {@code user}; the future succeeds with the bark once the outbox accepted it.
   *
   * @throws InvalidBarkException for an unknown user, or blank or too long text
   */
  public Future<Bark> bark(String user, String text) {
    return bark(user, text, error -> { });
  }

  /**
   * As {@link #bark(String, String)}, telling {@code linkErrors} why each attempt to reach the
   * outbox failed meanwhile.
   */
  public Future<Bark> bark(String user, String text, Handler<Throwable> linkErrors) {
    requireUser(user);
    Bark bark = new Bark(user, text, user + "-" + UUID.randomUUID());
    Sender outbox = linker.sender(Mailboxes.outbox(directory, user));
    outbox.errorHandler(linkErrors);
    return outbox.send(bark.toMessage()).map(accepted -> bark);
  }

  /**
   * Follows {@code user}'s inbox (history first) and hands each bark to {@code lines} as
   * {@code time  user  author: content}.
   *
   * @throws InvalidBarkException for an unknown user
   */
  public Receiver listen(String user, Consumer<String> lines) {
    requireUser(user);
    return linker.receiver(Mailboxes.inbox(directory, user), delivery -> {
      lines.accept(line(user, delivery));
      delivery.accept();
    });
  }

  /** How a delivery in {@code user}'s inbox is printed. */
  static String line(String user, Delivery delivery) {
    try {
      Message message = delivery.message();
      long created = message.getCreationTime() == 0 ? System.currentTimeMillis() : message.getCreationTime();
      Bark bark = Bark.fromMessage(message);
      return time(created) + "  " + user + "  " + bark.user() + ": " + bark.content();
    } catch (InvalidBarkException | DecodeException e) {
      return time(System.currentTimeMillis()) + "  " + user + "  (not a bark: " + e.getMessage() + ")";
    }
  }

  private static String time(long millis) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).format(TIME);
  }

  private void requireUser(String user) {
    if (!users.exists(user)) {
      throw new InvalidBarkException("unknown user '" + user + "' (see users.json)");
    }
  }
}
