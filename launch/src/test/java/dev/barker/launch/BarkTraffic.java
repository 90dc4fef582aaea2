package dev.barker.launch;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;

/**
 * Barks sent through Barker's outboxes and watched arriving in inboxes, for tests that break things
 * and then check that every bark an outbox accepted reached every subscribed inbox it was for,
 * and none twice.
 */
final class BarkTraffic {

  private static final List<String> AUTHORS = List.of("rex", "luna", "max", "ark3", "spot");

  private final TestLoop loop;
  private final Linker linker;
  private final Address directory;
  private final String prefix;
  private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, Long> accepted = new ConcurrentHashMap<>();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

  private record Arrival(String barkId, long atMillis) {
  }

  /** Traffic through the Barker of {@code directory}; bark ids start with {@code prefix}. */
  BarkTraffic(TestLoop loop, Address directory, String prefix) {
    this(loop, directory, prefix, new LinkerOptions());
  }

  /** The same, its links made with {@code options} (a login, TLS). */
  BarkTraffic(TestLoop loop, Address directory, String prefix, LinkerOptions options) {
    this.loop = loop;
    this.linker = loop.call(() -> new Linker(loop.vertx(), options));
    this.directory = directory;
    this.prefix = prefix;
  }

  /** Subscribes to the inbox of each of {@code users}. */
  BarkTraffic subscribe(List<String> users) {
    for (String user : users) {
      List<Arrival> seen = new CopyOnWriteArrayList<>();
      arrivals.put(user, seen);
      loop.run(() -> linker.receiver(Mailboxes.inbox(directory, user), delivery -> {
        List<?> body = (List<?>) ((AmqpValue) delivery.message().getBody()).getValue();
        String id = (String) body.get(2);
        if (id.startsWith(prefix)) {
          seen.add(new Arrival(id, System.currentTimeMillis()));
        }
        delivery.accept();
      }));
    }
    return this;
  }

  /** Sends {@code count} barks mentioning rdl, each from the next author; call on the loop. */
  void send(int count) {
    for (int i = 0; i < count; i++) {
      int n = sentAt.size();
      Bark bark = bark(n);
      sentAt.put(bark.id(), System.currentTimeMillis());
      linker.sender(Mailboxes.outbox(directory, bark.user())).send(bark.toMessage())
          .onSuccess(v -> accepted.put(bark.id(), System.currentTimeMillis()));
    }
  }

  /** Sends {@code count} barks every {@code periodMillis} until {@link #stop(long)}; returns the timer. */
  long sendEvery(long periodMillis, int count) {
    return loop.call(() -> loop.vertx().setPeriodic(periodMillis, id -> send(count)));
  }

  /** Stops the timer {@code sendEvery} returned. */
  void stop(long timer) {
    loop.run(() -> loop.vertx().cancelTimer(timer));
  }

  /** How many of our barks reached {@code user}. */
  int arrivalsAt(String user) {
    return arrivals.get(user).size();
  }

  /** When the first bark sent after {@code millis} reached {@code user}, or 0. */
  long firstArrivalSentAfter(String user, long millis) {
    return arrivals.get(user).stream().filter(a -> sentAt.getOrDefault(a.barkId(), 0L) > millis)
        .mapToLong(Arrival::atMillis).min().orElse(0);
  }

  /** The ids of the barks an outbox has accepted so far (each mentions rdl). */
  Set<String> acceptedIds() {
    return Set.copyOf(accepted.keySet());
  }

  /** How many barks an outbox has accepted so far. */
  int acceptedCount() {
    return accepted.size();
  }

  /** Each accepted bark missing from a subscribed inbox it was for, as {@code id -> user}. */
  List<String> missing(Users users) {
    List<String> missing = new ArrayList<>();
    for (String id : accepted.keySet()) {
      Bark bark = bark(Integer.parseInt(id.substring(prefix.length())));
      for (String user : users.audience(bark)) {
        if (arrivals.containsKey(user)
            && arrivals.get(user).stream().noneMatch(arrival -> arrival.barkId().equals(bark.id()))) {
          missing.add(bark.id() + " -> " + user);
        }
      }
    }
    return missing;
  }

  /** Each bark a subscriber saw more than once, as {@code id -> user}. */
  List<String> duplicates() {
    List<String> twice = new ArrayList<>();
    for (Map.Entry<String, List<Arrival>> user : arrivals.entrySet()) {
      Set<String> once = new HashSet<>();
      user.getValue().stream().map(Arrival::barkId).filter(id -> !once.add(id))
          .forEach(id -> twice.add(id + " -> " + user.getKey()));
    }
    return twice;
  }

  /**
   * Injects a fault, waits (up to {@code bound}) for a bark sent after it to reach rdl, undoes the
   * fault, waits for 40 more to arrive, and says how long barks took to flow again.
   */
  String fault(String what, Step inject, Step undo, Duration bound) throws Exception {
    long at = System.currentTimeMillis();
    inject.run();
    await(what).atMost(bound).until(() -> firstArrivalSentAfter("rdl", at) > 0);
    long recovered = firstArrivalSentAfter("rdl", at) - at;
    undo.run();
    int before = arrivalsAt("rdl");
    await(what + ", after").atMost(bound).until(() -> arrivalsAt("rdl") >= before + 40);
    return String.format("fault: %-70s barks flowed again %5d ms after it", what, recovered);
  }

  /** A step of a test that may throw. */
  interface Step {
    void run() throws Exception;
  }

  private Bark bark(int n) {
    return new Bark(AUTHORS.get(n % AUTHORS.size()), "woof " + n + " @rdl", prefix + n);
  }
}
