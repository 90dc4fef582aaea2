package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantee of SPEC section 11 with real processes: SIGKILL of the active bizlogic under load;
 * every bark an outbox accepted reaches every inbox it should, no subscriber sees a bark twice,
 * and the delivery gap is reported.
 */
@Timeout(240)
class FailoverTest {

  private static final List<String> AUTHORS = List.of("rex", "luna", "max", "ark3", "spot");
  private static final List<String> SUBSCRIBED = List.of("ark3", "rdl", "rhs", "rex", "luna", "max", "spot", "fido");

  @TempDir
  Path data;

  private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, Long> accepted = new ConcurrentHashMap<>();

  private record Arrival(String barkId, long atMillis) {
  }

  @Test
  void killingTheActiveBizlogicLosesNothingAndDuplicatesNothing() throws Exception {
    Users users = UsersFile.loadOrCreate(data);
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--no-web", "--bizlogic", "2", "--outboxes", "1",
        "--autobarks", "1", "--rate", "20");
         TestLoop loop = new TestLoop()) {
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      for (String user : SUBSCRIBED) {
        List<Arrival> seen = new CopyOnWriteArrayList<>();
        arrivals.put(user, seen);
        loop.call(() -> linker.receiver(Mailboxes.inbox(barker.directory, user), delivery -> {
          List<?> body = (List<?>) ((org.apache.qpid.proton.amqp.messaging.AmqpValue) delivery.message().getBody()).getValue();
          seen.add(new Arrival((String) body.get(2), System.currentTimeMillis()));
          delivery.accept();
        }));
      }
      long[] sent = {0};
      long timer = loop.call(() -> loop.vertx().setPeriodic(10, id -> {
        for (int i = 0; i < 2; i++) {
          String author = AUTHORS.get((int) (sent[0] % AUTHORS.size()));
          Bark bark = new Bark(author, "woof " + sent[0] + " @rdl", "test-" + sent[0]++);
          linker.sender(Mailboxes.outbox(barker.directory, author)).send(bark.toMessage())
              .onSuccess(v -> accepted.put(bark.id(), System.currentTimeMillis()));
        }
      }));
      await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 400);

      long killedAt = System.currentTimeMillis();
      ProcessHandle.of(barker.pids.get("bizlogic-5680")).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(30)).until(() -> accepted.keySet().stream()
          .filter(id -> accepted.get(id) > killedAt + 2_000).count() >= 400);
      loop.run(() -> loop.vertx().cancelTimer(timer));

      List<Bark> barks = acceptedBarks();
      await().atMost(Duration.ofSeconds(60)).until(() -> missing(barks, users).isEmpty());
      for (String user : SUBSCRIBED) {
        List<String> ids = arrivals.get(user).stream().map(Arrival::barkId).toList();
        assertEquals(Set.copyOf(ids).size(), ids.size(), user + " saw a bark twice");
      }
      long gap = largestGap(killedAt);
      System.out.printf("failover: %d barks accepted by the outbox, all delivered to %d inboxes, no duplicates; "
          + "largest delivery gap around the kill %d ms%n", barks.size(), SUBSCRIBED.size(), gap);
      assertTrue(gap < 20_000, "delivery stopped for " + gap + " ms");
    }
  }

  private List<Bark> acceptedBarks() {
    List<Bark> barks = new ArrayList<>();
    for (String id : accepted.keySet()) {
      long n = Long.parseLong(id.substring("test-".length()));
      String author = AUTHORS.get((int) (n % AUTHORS.size()));
      barks.add(new Bark(author, "woof " + n + " @rdl", id));
    }
    return barks;
  }

  private List<String> missing(List<Bark> barks, Users users) {
    List<String> missing = new ArrayList<>();
    for (Bark bark : barks) {
      for (String user : users.audience(bark)) {
        if (arrivals.containsKey(user)
            && arrivals.get(user).stream().noneMatch(arrival -> arrival.barkId().equals(bark.id()))) {
          missing.add(bark.id() + " -> " + user);
        }
      }
    }
    return missing;
  }

  /** The longest stretch without a test bark arriving at rdl's inbox (every test bark mentions rdl), around the kill. */
  private long largestGap(long killedAt) {
    List<Long> times = arrivals.get("rdl").stream().filter(a -> a.barkId().startsWith("test-"))
        .map(Arrival::atMillis).filter(t -> t > killedAt - 1_000 && t < killedAt + 10_000).sorted().toList();
    long largest = 0;
    for (int i = 1; i < times.size(); i++) {
      largest = Math.max(largest, times.get(i) - times.get(i - 1));
    }
    return largest;
  }
}
