package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.RawPeer;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.Linker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services as {@code barker launch} runs them (their own JVMs, its heaps, exit on out-of-memory)
 * under the attacks of issue 12, each beside a well-behaved client. For each: the service stays up,
 * what it holds stays within its memory budget (the peak is reported, with the heap's), the
 * attacker gets the right refusal, and the well-behaved client's messages keep flowing (their
 * latency is reported). The attackers connect from 127.0.0.2, another source address.
 */
@Timeout(300)
class AttackTest {

  private static final String HOST = "127.0.0.1";
  private static final String ATTACKER = "127.0.0.2";

  private final List<Child> children = new ArrayList<>();
  private TestLoop loop;
  private Address directory;
  private int directoryPort;

  @BeforeEach
  void startTheDirectory() throws Exception {
    loop = new TestLoop();
    directoryPort = Launcher.freePort(HOST);
    directory = Address.of(HOST, directoryPort, Address.DIRECTORY_PATH);
    start("directory", "64m", "directory", "--port", String.valueOf(directoryPort));
  }

  @AfterEach
  void stopAll() throws Exception {
    for (Child child : children) {
      child.kill();
    }
    loop.close();
  }

  @Test
  void aHundredThousandStreamsAreRefusedOnceTheBudgetIsNearlySpent() throws Exception {
    int port = manifold("inbox", "--history", "25");
    Watch inbox = watch(port);
    Steady good = new Steady(directory.withPath("/inbox/good"));
    AmqpConnection attacker = connect(port);
    AtomicInteger attached = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    List<String> refusals = new CopyOnWriteArrayList<>();
    byte[] junk = MessageCodec.encode(message(new AmqpValue("[rex, woof, junk]")));
    for (int batch = 0; batch < 100; batch++) {
      int first = batch * 1_000;
      loop.run(() -> {
        for (int i = first; i < first + 1_000; i++) {
          attachAndSend(attacker, directory.withPath("/inbox/junk" + i).toString(), junk, attached, created, refusals);
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> attached.get() + refusals.size() == first + 1_000);
    }
    good.stop();

    inbox.assertAliveWithinItsBudget();
    assertTrue(created.get() > 10_000, created + " streams made before the budget filled");
    assertTrue(!refusals.isEmpty(), "some were refused");
    assertTrue(refusals.stream().allMatch(r -> r.contains(AmqpError.RESOURCE_LIMIT_EXCEEDED.toString())
        && r.contains("memory budget")), refusals.get(0));
    System.out.printf("streams attack: %d streams made with a message, %d more attached without credit, %d refused (%s); "
        + "%s; good client %s%n", created.get(), attached.get() - created.get(), refusals.size(), refusals.get(0),
        inbox.peaks(), good.latencies());
  }

  @Test
  void megabyteMessagesToASlowSubscriberAreHeldWithinTheStreamsBytes() throws Exception {
    int port = manifold("big");
    Watch big = watch(port);
    Steady good = new Steady(directory.withPath("/big/good"));
    AmqpConnection attacker = connect(port);
    String stream = directory.withPath("/big/slow").toString();
    AtomicInteger accepted = new AtomicInteger();
    loop.run(() -> slowSubscriber(attacker, stream));
    byte[] megabyte = MessageCodec.encode(message(new Data(new Binary(new byte[1_000_000]))));
    loop.run(() -> flood(attacker, stream, megabyte, accepted));
    await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).until(() -> true);
    good.stop();

    big.assertAliveWithinItsBudget();
    long held = accepted.get() * 1_000_000L;
    assertTrue(held < 2L * 64 * 1024 * 1024, accepted + " megabyte messages accepted: the stream's 64 MiB stops it");
    System.out.printf("big messages: %d of 1 MB accepted in 20 s by a stream whose subscriber takes one a second; %s; "
        + "good client %s%n", accepted.get(), big.peaks(), good.latencies());
  }

  @Test
  void fourteenThousandConnectionsThatNeverOpenAreDroppedAndCostLittle() throws Exception {
    Watch dir = watch(directoryPort);
    Lookups good = new Lookups();
    List<RawPeer> peers = new ArrayList<>();
    byte[] halfAnUpgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int refusedAtOnce = 0;
    for (int i = 0; i < 14_000; i++) {
      try {
        RawPeer peer = RawPeer.connectFrom(ATTACKER, directoryPort, 1);
        peers.add(peer);
        if (i < 12_000) {
          peer.write(RawPeer.AMQP_HEADER); // and nothing more
        } else if (i < 13_000) {
          peer.write(halfAnUpgrade); // a slow WebSocket upgrade that never ends
        } // the rest: idle, not a byte
      } catch (java.io.IOException dropped) {
        refusedAtOnce++;
      }
    }
    long floodEnded = System.nanoTime();
    // A connection waiting in the kernel's backlog while the listener pauses is accepted late, and its
    // handshake timeout starts then: so the bound is the timeout after the last accept, not after the flood.
    Duration bound = EngineOptions.DEFAULT_HANDSHAKE_TIMEOUT.multipliedBy(3);
    try {
      await("every connection that did not open is dropped").atMost(bound).pollInterval(Duration.ofMillis(200))
          .until(() -> peers.stream().allMatch(RawPeer::isClosedByServer));
    } finally {
      peers.forEach(RawPeer::close);
      good.stop();
    }
    long allDroppedAfter = Duration.ofNanos(System.nanoTime() - floodEnded).toMillis();

    dir.assertAliveWithinItsBudget();
    System.out.printf("connections attack: 14,000 (12,000 header only, 1,000 half an upgrade, 1,000 idle), the last "
        + "dropped %.1f s after the flood (%d failed at connect, %s dropped at once by the directory); %s; good lookups %s%n",
        allDroppedAfter / 1000.0, refusedAtOnce, dir.latest(AgentReport.CONNECTIONS_REFUSED), dir.peaks(),
        good.latencies());
  }

  @Test
  void aThousandConnectionsBeginningAllTheirSessionsGetWhatTheBudgetHolds() throws Exception {
    Watch dir = watch(directoryPort);
    Lookups good = new Lookups();
    List<RawPeer> peers = new ArrayList<>();
    Open open = new Open();
    open.setContainerId("sessions");
    List<byte[]> begins = new ArrayList<>();
    for (int channel = 0; channel < 255; channel++) {
      Begin begin = new Begin();
      begin.setNextOutgoingId(UnsignedInteger.ZERO);
      begin.setIncomingWindow(UnsignedInteger.valueOf(100));
      begin.setOutgoingWindow(UnsignedInteger.valueOf(100));
      begins.add(RawPeer.frame(channel, begin));
    }
    byte[] wire = RawPeer.concat(RawPeer.concat(RawPeer.AMQP_HEADER, RawPeer.frame(open)), concat(begins));
    for (int i = 0; i < 1_000; i++) {
      try {
        peers.add(RawPeer.connectFrom(ATTACKER, directoryPort, 1).write(wire));
      } catch (java.io.IOException dropped) {
        // the listener may close one at once: that is the point
      }
    }
    Thread.sleep(3_000);
    dir.assertAliveWithinItsBudget();
    peers.forEach(RawPeer::close);
    good.stop();
    System.out.printf("sessions attack: 1,000 connections x 255 sessions, %d connected; %s; good lookups %s%n",
        peers.size(), dir.peaks(), good.latencies());
  }

  // --- the services and their reports

  private void start(String name, String heap, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--host", HOST));
    Child child = Child.barker(name, command, heap, Child.Jit.QUICK, line -> { // as barker launch starts it
      if (line.contains("WARN") || line.contains("ERROR") || line.contains("OutOfMemory")) {
        System.out.println(name + "> " + line);
      }
    });
    children.add(child);
    child.ready().get(60, TimeUnit.SECONDS);
  }

  /** A manifold at {@code path}, 256 MiB of heap as barker launch gives one; its port. */
  private int manifold(String path, String... extra) throws Exception {
    int port = Launcher.freePort(HOST);
    List<String> args = new ArrayList<>(List.of("manifold", directory.withPath("/" + path).toString(), "--port",
        String.valueOf(port)));
    args.addAll(List.of(extra));
    start(path, "256m", args.toArray(String[]::new));
    return port;
  }

  private Watch watch(int port) {
    return new Watch(AgentReport.addressOf(directory, HOST, port), children.get(children.size() - 1));
  }

  /** The agent reports of one service, and its process. */
  private final class Watch {
    private final List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
    private final Child child;

    Watch(Address agent, Child child) {
      this.child = child;
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      loop.run(() -> linker.receiver(agent, delivery -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) ((AmqpValue) delivery.message().getBody()).getValue();
        reports.add(report);
        delivery.accept();
      }));
      await().atMost(Duration.ofSeconds(20)).until(() -> !reports.isEmpty());
    }

    void assertAliveWithinItsBudget() throws Exception {
      int before = reports.size();
      await("the service still reports").atMost(Duration.ofSeconds(10)).until(() -> reports.size() > before);
      assertTrue(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false), "the service is alive");
      long limit = number(reports.get(0), AgentReport.MEMORY_LIMIT);
      assertTrue(peak(AgentReport.MEMORY_USED) <= limit * 1.05, "memory held " + peak(AgentReport.MEMORY_USED)
          + " over the budget " + limit);
    }

    long peak(String key) {
      return reports.stream().mapToLong(report -> number(report, key)).max().orElse(0);
    }

    Object latest(String key) {
      return reports.get(reports.size() - 1).get(key);
    }

    String peaks() {
      return String.format("peak heap %d MiB of %d, budget used at most %d of %d MiB", peak(AgentReport.HEAP_USED) >> 20,
          number(reports.get(0), AgentReport.HEAP_MAX) >> 20, peak(AgentReport.MEMORY_USED) >> 20,
          number(reports.get(0), AgentReport.MEMORY_LIMIT) >> 20);
    }

    private long number(Map<String, Object> report, String key) {
      Object value = report.get(key);
      return value instanceof Number number ? number.longValue() : 0;
    }
  }

  // --- the well-behaved clients

  /** Sends a message to {@code address} every 50 ms and receives it back: round-trip latency. */
  private final class Steady {
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final long timer;

    Steady(Address address) {
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      loop.run(() -> linker.receiver(address, delivery -> {
        Object body = ((AmqpValue) delivery.message().getBody()).getValue();
        latencies.add(System.nanoTime() / 1_000_000 - Long.parseLong(String.valueOf(body)));
        delivery.accept();
      }));
      timer = loop.call(() -> loop.vertx().setPeriodic(50, id ->
          linker.sender(address).send(message(new AmqpValue(String.valueOf(System.nanoTime() / 1_000_000))))));
      await().atMost(Duration.ofSeconds(20)).until(() -> !latencies.isEmpty());
    }

    void stop() {
      loop.run(() -> loop.vertx().cancelTimer(timer));
      assertTrue(latencies.size() > 10, "the well-behaved client's messages flowed: " + latencies.size());
    }

    String latencies() {
      return describe(latencies);
    }
  }

  /** Asks the directory where an address is, every 100 ms, on a connection made before the attack. */
  private final class Lookups {
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final long timer;

    Lookups() {
      AmqpConnection connection = connect(directoryPort);
      timer = loop.call(() -> loop.vertx().setPeriodic(100, id -> {
        long start = System.nanoTime();
        AmqpReceiver lookup = connection.createReceiver(directory.withPath("/inbox/good").toString());
        lookup.open();
        lookup.opened().onComplete(answered -> {
          if (answered.cause() instanceof LinkClosedException) { // not-found or a redirect: answered
            latencies.add((System.nanoTime() - start) / 1_000_000);
          }
        });
      }));
      await().atMost(Duration.ofSeconds(20)).until(() -> !latencies.isEmpty());
    }

    void stop() {
      loop.run(() -> loop.vertx().cancelTimer(timer));
      assertTrue(latencies.size() > 10, "the well-behaved client's lookups were answered: " + latencies.size());
    }

    String latencies() {
      return describe(latencies);
    }
  }

  private static String describe(List<Long> latencies) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return String.format("%d round trips, p50 %d ms, p99 %d ms, max %d ms", sorted.size(), sorted.get(sorted.size() / 2),
        sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
  }

  // --- the attackers

  private AmqpConnection connect(int port) {
    return loop.await(() -> new AmqpClient(loop.vertx(), new EngineOptions()).connect(HOST, port));
  }

  /**
   * Attaches a producer to {@code address} and, once it has credit, sends {@code encoded} and
   * detaches; counts what happened.
   */
  private void attachAndSend(AmqpConnection connection, String address, byte[] encoded, AtomicInteger attached,
      AtomicInteger created, List<String> refusals) {
    AmqpSender sender = connection.createSender(address);
    sender.open();
    sender.opened().onComplete(result -> {
      if (result.failed()) {
        refusals.add(String.valueOf(result.cause().getMessage()));
        return;
      }
      attached.incrementAndGet();
      sender.sendableHandler(ready -> {
        sender.sendableHandler(done -> { });
        sender.send(encoded, outcome -> {
          created.incrementAndGet();
          sender.close();
        });
      });
    });
  }

  /** Subscribes to {@code stream} and takes one message a second. */
  private void slowSubscriber(AmqpConnection connection, String stream) {
    AmqpReceiver receiver = connection.createReceiver(stream);
    receiver.handler(delivery -> loop.vertx().setTimer(1_000, id -> {
      delivery.accept();
      receiver.flow(1);
    }));
    receiver.open();
    receiver.flow(1);
  }

  /** Sends {@code encoded} to {@code stream} whenever there is credit. */
  private void flood(AmqpConnection connection, String stream, byte[] encoded, AtomicInteger accepted) {
    AmqpSender sender = connection.createSender(stream);
    sender.sendableHandler(ready -> {
      while (ready.isSendable()) {
        ready.send(encoded, outcome -> accepted.incrementAndGet());
      }
    });
    sender.open();
  }

  private static Message message(org.apache.qpid.proton.amqp.messaging.Section body) {
    Message message = Message.Factory.create();
    message.setBody(body);
    return message;
  }

  private static byte[] concat(List<byte[]> parts) {
    byte[] all = new byte[0];
    for (byte[] part : parts) {
      all = RawPeer.concat(all, part);
    }
    return all;
  }
}
