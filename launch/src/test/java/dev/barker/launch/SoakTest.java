package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.RawPeer;
import dev.barker.manifold.Route;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launched Barker under normal and hostile load at once, for {@code -Dsoak.seconds} (120 in
 * {@code mvn verify}; {@code mvn -pl launch verify -Dtest=SoakTest -Dsoak.seconds=1200} for 20
 * minutes): every second, connections that never open, junk streams, oversized barks, barks in
 * someone else's name and attempts to remove bizlogic's route, while autobarks bark and ark3's
 * inbox is watched. Every service's heap is sampled from the monitor once a second and drawn, with
 * gnuplot, as {@code target/soak/heap.png}. No service may die, nor hold more than its budget, and
 * barks must keep arriving.
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class SoakTest {

  private static final long SECONDS = Long.getLong("soak.seconds", 120);
  private static final String ATTACKER = "127.0.0.2";

  @TempDir
  Path data;

  @Test
  void servicesStayUpWithinTheirBudgetsAndBarksKeepFlowing() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--outboxes", "2", "--autobarks", "2", "--rate", "10");
         TestLoop loop = new TestLoop()) {
      Address directory = barker.directory;
      Map<Long, Map<String, Long>> heap = new TreeMap<>();
      Map<String, String> names = new TreeMap<>(); // host:port -> the launch table's name
      barker.listensOn.forEach((name, hostPort) -> names.put(hostPort, name));
      List<Map<String, Object>> latest = new CopyOnWriteArrayList<>();
      AtomicLong lastBark = new AtomicLong(System.currentTimeMillis());
      AtomicLong longestGap = new AtomicLong();
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      long start = System.currentTimeMillis();
      loop.run(() -> linker.receiver(directory.withPath("/monitor"), delivery -> {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ((Map<?, ?>) ((AmqpValue) delivery.message().getBody())
            .getValue()).get("services");
        latest.clear();
        latest.addAll(rows);
        Map<String, Long> sample = new TreeMap<>();
        rows.forEach(row -> sample.put(names.getOrDefault(String.valueOf(row.get("instance")),
            row.get(AgentReport.TYPE) + " " + row.get("instance")),
            ((Number) row.getOrDefault(AgentReport.HEAP_USED, 0)).longValue() >> 20));
        synchronized (heap) {
          heap.put((System.currentTimeMillis() - start) / 1000, sample);
        }
        delivery.accept();
      }));
      loop.run(() -> linker.receiver(Mailboxes.inbox(directory, "ark3"), delivery -> {
        long now = System.currentTimeMillis();
        longestGap.accumulateAndGet(now - lastBark.getAndSet(now), Math::max);
        delivery.accept();
      }));
      await().atMost(Duration.ofSeconds(60)).until(() -> !latest.isEmpty());
      longestGap.set(0);

      Hostile hostile = new Hostile(loop, directory, hostPort(barker, "inbox"), hostPort(barker, "outbox-1"));
      long end = System.currentTimeMillis() + SECONDS * 1000;
      while (System.currentTimeMillis() < end) {
        hostile.round();
        Thread.sleep(1_000);
      }

      for (Map.Entry<String, Long> service : barker.pids.entrySet()) {
        assertTrue(ProcessHandle.of(service.getValue()).map(ProcessHandle::isAlive).orElse(false),
            service.getKey() + " is alive");
      }
      for (Map<String, Object> row : latest) {
        assertEquals(Boolean.TRUE, row.get("up"), row.get(AgentReport.TYPE) + " " + row.get("instance") + " is up");
        long used = ((Number) row.getOrDefault(AgentReport.MEMORY_USED, 0)).longValue();
        long limit = ((Number) row.getOrDefault(AgentReport.MEMORY_LIMIT, Long.MAX_VALUE)).longValue();
        assertTrue(used <= limit, row.get(AgentReport.TYPE) + " holds " + used + " of a budget of " + limit);
      }
      assertTrue(longestGap.get() < 10_000, "ark3's inbox went " + longestGap.get() + " ms without a bark");
      Object dropped = latest.stream().filter(row -> String.valueOf(row.get(AgentReport.ADDRESS)).endsWith("/inbox"))
          .map(row -> row.get(AgentReport.CONNECTIONS_REFUSED)).findFirst().orElse("?");
      Path plot = plot(heap);
      System.out.printf("soak: %d s, %s; the inbox dropped %s connections at once; every service up and within its "
          + "budget; longest gap in ark3's inbox %d ms; heap plot %s%n", SECONDS, hostile, dropped, longestGap.get(), plot);
    }
  }

  private static int hostPort(LaunchedBarker barker, String name) {
    String hostPort = barker.listensOn.get(name);
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  /** One second's worth of hostile load, from another source address. */
  private static final class Hostile {
    private final TestLoop loop;
    private final Address directory;
    private final int inboxPort;
    private final AmqpConnection toInbox;
    private final AmqpConnection toOutbox;
    private final AmqpConnection toDirectory;
    private final AtomicInteger junk = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private int rounds;

    Hostile(TestLoop loop, Address directory, int inboxPort, int outboxPort) {
      this.loop = loop;
      this.directory = directory;
      this.inboxPort = inboxPort;
      this.toInbox = connect(loop, inboxPort);
      this.toOutbox = connect(loop, outboxPort);
      this.toDirectory = connect(loop, directory.port());
    }

    void round() throws IOException {
      rounds++;
      for (int i = 0; i < 100; i++) { // connections that never open: dropped within the handshake timeout
        try (RawPeer peer = RawPeer.connectFrom(ATTACKER, inboxPort, 1)) {
          peer.write(RawPeer.AMQP_HEADER);
        } catch (IOException dropped) {
          refused.incrementAndGet();
        }
      }
      byte[] junkBark = MessageCodec.encode(new Bark("rex", "junk", "junk").toMessage());
      byte[] oversized = MessageCodec.encode(new Bark("rex", "x".repeat(200), "x" + "y".repeat(Bark.MAX_MESSAGE_SIZE)).toMessage());
      byte[] impostor = MessageCodec.encode(new Bark("rdl", "i am rdl", "impostor-" + rounds).toMessage());
      loop.run(() -> {
        for (int i = 0; i < 20; i++) { // junk streams in the inbox: refused once its budget is nearly spent
          sendOnce(toInbox, directory.withPath("/inbox/junk" + junk.incrementAndGet()).toString(), junkBark);
        }
        sendOnce(toOutbox, Mailboxes.outbox(directory, "rex").toString(), oversized); // its link closed: too big
        sendOnce(toOutbox, Mailboxes.outbox(directory, "rex").toString(), impostor); // to rex's /dead
        AmqpSender unroute = toDirectory.createSender(directory.toString()); // refused: not its route
        unroute.open();
        unroute.opened().onSuccess(v -> unroute.send(MessageCodec.encode(
            new Route(directory.withPath(Mailboxes.BIZLOGIC).toString(), null, null, null).toUnrouteMessage()),
            outcome -> unroute.close()));
      });
    }

    private void sendOnce(AmqpConnection connection, String address, byte[] encoded) {
      AmqpSender sender = connection.createSender(address);
      sender.sendableHandler(ready -> {
        ready.sendableHandler(done -> { });
        ready.send(encoded, outcome -> ready.close());
      });
      sender.open();
      sender.opened().onFailure(error -> refused.incrementAndGet());
    }

    private static AmqpConnection connect(TestLoop loop, int port) {
      return loop.await(() -> new AmqpClient(loop.vertx(), new EngineOptions()).connect("127.0.0.1", port));
    }

    @Override
    public String toString() {
      return String.format("%d hostile rounds (100 unopened connections, 20 junk streams, an oversized bark, an "
          + "impostor's bark and an unroute of bizlogic each), %d links refused", rounds, refused.get());
    }
  }

  /** Draws the heap of every service over time with gnuplot; the CSV beside it. */
  private static Path plot(Map<Long, Map<String, Long>> heap) throws Exception {
    Path dir = Path.of("target", "soak");
    Files.createDirectories(dir);
    List<String> services = new ArrayList<>();
    synchronized (heap) {
      heap.values().forEach(sample -> sample.keySet().stream().filter(s -> !services.contains(s)).forEach(services::add));
    }
    StringBuilder csv = new StringBuilder("seconds," + String.join(",", services) + "\n");
    synchronized (heap) {
      heap.forEach((second, sample) -> {
        csv.append(second);
        services.forEach(service -> csv.append(',').append(sample.getOrDefault(service, 0L)));
        csv.append('\n');
      });
    }
    Path data = dir.resolve("heap.csv");
    Files.writeString(data, csv);
    Path png = dir.resolve("heap.png");
    StringBuilder script = new StringBuilder("set terminal pngcairo size 1100,550\nset output '" + png + "'\n"
        + "set datafile separator ','\nset key outside right\nset xlabel 'seconds'\nset ylabel 'heap used, MiB'\n"
        + "set title 'Heap of every service under normal and hostile load'\nplot ");
    for (int i = 0; i < services.size(); i++) {
      script.append(i == 0 ? "" : ", ").append("'").append(data).append("' using 1:").append(i + 2)
          .append(" with lines title '").append(services.get(i)).append("'");
    }
    Path gp = dir.resolve("heap.gp");
    Files.writeString(gp, script + "\n");
    Process gnuplot;
    try {
      gnuplot = new ProcessBuilder("gnuplot", gp.toString()).redirectErrorStream(true).start();
    } catch (IOException missing) {
      System.out.println("SKIPPED the plot: no gnuplot (apt-get install -y gnuplot-nox); the data is in " + data);
      return data;
    }
    String output = new String(gnuplot.getInputStream().readAllBytes());
    assertTrue(gnuplot.waitFor(60, TimeUnit.SECONDS) && gnuplot.exitValue() == 0, "gnuplot: " + output);
    return png;
  }
}
