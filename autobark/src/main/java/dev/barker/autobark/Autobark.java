package dev.barker.autobark;

import dev.barker.manifold.Address;
import dev.barker.manifold.link.Sender;
import dev.barker.manifold.node.Service;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated barkers: at a steady rate, a random autobarking user barks to its outbox. When an
 * outbox cannot keep up (its sender is full) the bark is not made, so the load backs off instead
 * of queueing without bound; nothing accepted is ever dropped.
 */
public final class Autobark extends Service {

  private static final long TICK_MILLIS = 100;

  private final AutobarkOptions options;
  private final Random random = new Random();
  private final BarkText text = new BarkText(random);
  private final String idPrefix = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
  private List<String> barkers;
  private List<String> everyone;
  private double due;
  private long barks;

  private Autobark(AutobarkOptions options) {
    super("autobark", options.service(), options.barker().directory());
    this.options = options;
  }

  /** Starts barking on its own event loop. */
  public static Future<Autobark> start(Vertx vertx, AutobarkOptions options) {
    return deploy(vertx, new Autobark(options));
  }

  @Override
  public Address address() {
    return directory().withPath("/autobark");
  }

  @Override
  protected Future<?> onStart() {
    return vertx.executeBlocking(() -> UsersFile.loadOrCreate(options.barker().data())).map(users -> {
      barkers = options.users().isEmpty() ? new ArrayList<>(users.autobarkers()) : checked(users, options.users());
      everyone = new ArrayList<>(users.names());
      vertx.setPeriodic(TICK_MILLIS, id -> tick());
      return null;
    });
  }

  private static List<String> checked(Users users, List<String> names) {
    for (String name : names) {
      if (!users.exists(name)) {
        throw new IllegalArgumentException("unknown user '" + name + "' in --users");
      }
    }
    return List.copyOf(names);
  }

  private void tick() {
    due += options.rate() * TICK_MILLIS / 1000.0;
    for (; due >= 1; due--) {
      String author = barkers.get(random.nextInt(barkers.size()));
      Sender outbox = linker().sender(Mailboxes.outbox(directory(), author));
      if (!outbox.isFull()) {
        Bark bark = new Bark(author, text.next(everyone), author + "-" + idPrefix + "-" + barks++);
        outbox.send(bark.toMessage()).onSuccess(accepted -> meter.outgoing(1));
      }
    }
  }
}
