package dev.barker.bench;

import dev.barker.launch.Child;
import dev.barker.manifold.Address;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;

/**
 * Failover with real processes: directory, inbox, an outbox and two bizlogics, each its own JVM;
 * barks at a fixed rate; the active bizlogic is killed with SIGKILL, a new standby started, again
 * and again. Reports the delivery gap each kill caused, and whether any accepted bark was lost or
 * seen twice.
 */
final class FailoverWorkload {

  private static final List<String> AUTHORS = List.of("rex", "luna", "max", "spot", "ark3");
  private static final List<String> WATCHED = List.of("ark3", "rdl", "rhs", "rex", "luna", "max", "spot", "fido");
  private static final long STEADY_MILLIS = 3_000;

  private final List<Child> children = new ArrayList<>();
  private final Deque<Child> bizlogics = new ArrayDeque<>();
  private final Map<String, Map<String, Long>> arrivals = new ConcurrentHashMap<>();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();

  /** Kills the active bizlogic {@code kills} times while barking at {@code rate} per second. */
  Result run(int kills, int rate) throws Exception {
    Path data = Files.createTempDirectory("bench-failover");
    Users users = UsersFile.loadOrCreate(data);
    Vertx vertx = Vertx.vertx();
    try {
      Address directory = Address.parse(start("directory", "64m", "directory", "--port", "0").ready().address());
      String dir = directory.toString();
      start("inbox", "256m", "manifold", directory.withPath(Mailboxes.INBOX).toString(), "--history", "25", "--port", "0");
      start("outbox", "256m", "manifold", directory.withPath(Mailboxes.OUTBOX).toString(), "--port", "0",
          "--push", directory.withPath(Mailboxes.BIZLOGIC).toString());
      bizlogics.add(start("bizlogic", "128m", "bizlogic", "--port", "0", "--directory", dir, "--data", data.toString()).child());
      bizlogics.add(start("bizlogic", "128m", "bizlogic", "--port", "0", "--directory", dir, "--data", data.toString()).child());
      Linker linker = new Linker(vertx);
      for (String user : WATCHED) {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        arrivals.put(user, seen);
        linker.receiver(Mailboxes.inbox(directory, user), delivery -> {
          String id = (String) ((List<?>) ((AmqpValue) delivery.message().getBody()).getValue()).get(2);
          if (seen.putIfAbsent(id, System.currentTimeMillis()) != null) {
            duplicates.incrementAndGet();
          }
          delivery.accept();
        });
      }
      long[] sent = {0};
      long started = System.nanoTime();
      long timer = vertx.setPeriodic(2, id -> linker.execute(() -> {
        for (long due = rate * (System.nanoTime() - started) / 1_000_000_000L; sent[0] < due; sent[0]++) {
          String author = AUTHORS.get((int) (sent[0] % AUTHORS.size()));
          Bark bark = new Bark(author, "woof " + sent[0] + " @rdl", "failover-" + sent[0]);
          linker.sender(Mailboxes.outbox(directory, author)).send(bark.toMessage())
              .onSuccess(v -> accepted.add(bark.id()));
        }
      }));
      List<Long> gaps = new ArrayList<>();
      for (int kill = 0; kill < kills; kill++) {
        Thread.sleep(STEADY_MILLIS); // the benchmark's clock: steady traffic before each kill
        long killedAt = System.currentTimeMillis();
        bizlogics.removeFirst().kill();
        Thread.sleep(STEADY_MILLIS);
        gaps.add(largestGap(killedAt));
        bizlogics.add(start("bizlogic", "128m", "bizlogic", "--port", "0", "--directory", dir, "--data", data.toString()).child());
      }
      vertx.cancelTimer(timer);
      long lost = awaitAllDelivered(users);
      List<Long> sorted = gaps.stream().sorted().toList();
      return new Result("failover", "barker (5 JVMs)", kills + " x SIGKILL of the active bizlogic at " + rate
          + " barks/s", rate, sorted.get(sorted.size() / 2) * 1_000, sorted.get(sorted.size() - 1) * 1_000, 0,
          sent[0], accepted.size(), lost, duplicates.get(), 0, 0,
          "delivery gap per kill (ms): " + gaps + "; median " + sorted.get(sorted.size() / 2) + " ms");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      for (Child child : children) {
        child.stop(5);
      }
    }
  }

  private BenchService start(String name, String heap, String... args) throws Exception {
    BenchService service = BenchService.start(name, heap, List.of(args));
    children.add(service.child());
    return service;
  }

  /** Longest stretch, around the kill, without a bark arriving at rdl's inbox (every bark mentions rdl). */
  private long largestGap(long killedAt) {
    List<Long> times = arrivals.get("rdl").values().stream()
        .filter(t -> t > killedAt - 500 && t < killedAt + STEADY_MILLIS).sorted().toList();
    long largest = times.isEmpty() ? STEADY_MILLIS : times.get(0) - killedAt;
    for (int i = 1; i < times.size(); i++) {
      largest = Math.max(largest, times.get(i) - times.get(i - 1));
    }
    return largest;
  }

  /** Waits for every accepted bark to reach every watched inbox of its audience; returns how many never did. */
  private long awaitAllDelivered(Users users) throws InterruptedException {
    long missing = Long.MAX_VALUE;
    for (int i = 0; i < 300 && missing > 0; i++) {
      Thread.sleep(100);
      missing = 0;
      for (String id : accepted) {
        long n = Long.parseLong(id.substring("failover-".length()));
        String author = AUTHORS.get((int) (n % AUTHORS.size()));
        for (String user : users.audience(new Bark(author, "woof " + n + " @rdl", id))) {
          if (arrivals.containsKey(user) && !arrivals.get(user).containsKey(id)) {
            missing++;
          }
        }
      }
    }
    return missing;
  }
}
