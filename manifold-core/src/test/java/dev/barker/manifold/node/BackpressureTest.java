package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService.Outcome;
import dev.barker.manifold.TestService;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stalled push target or a slow subscriber slows producers by credit; memory stays bounded;
 * nothing is dropped. A stalled subscriber is detached, saying why, and the rest go on.
 */
@Timeout(180)
class BackpressureTest {

  private static final int LIMIT = 10_000;
  private static final int MESSAGES = 100_000;
  private static final int SUBSCRIBER_LIMIT = 1_000;

  private final TestNetwork network = new TestNetwork();

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void stalledPushTargetStopsTheProducerAndTheBacklogStaysWithinItsLimit() {
    TestService stalled = network.service("stalled", "/svc", "ordered", Outcome.HOLD);
    Manifold manifold = network.manifold(network.manifoldOptions("/outbox")
        .push(network.address("/svc").toString()).maxBacklog(LIMIT));
    List<Map<String, Object>> reports = network.reports(manifold.agentAddress());

    AtomicInteger accepted = network.produce(network.address("/outbox/ark3"), "m", MESSAGES);

    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() == LIMIT);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> accepted.get() == LIMIT);
    await().until(() -> reports.stream().anyMatch(r -> ((Number) r.get(AgentReport.MANIFOLD_BACKLOG)).intValue() == LIMIT));

    stalled.crash();
    TestService healthy = network.service("healthy", "/svc", "ordered", Outcome.ACCEPT);

    await().atMost(Duration.ofSeconds(120)).until(() -> accepted.get() == MESSAGES);
    await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(healthy.received).size() == MESSAGES);
    int maxBacklog = reports.stream().mapToInt(r -> ((Number) r.get(AgentReport.MANIFOLD_BACKLOG)).intValue()).max().orElseThrow();
    long maxHeap = reports.stream().mapToLong(r -> ((Number) r.get(AgentReport.HEAP_USED)).longValue()).max().orElseThrow();
    System.out.printf("backpressure: %d messages, backlog peaked at %d (limit %d), heap peaked at %d MiB over %d reports%n",
        MESSAGES, maxBacklog, LIMIT, maxHeap >> 20, reports.size());
    assertTrue(maxBacklog <= LIMIT, "backlog reached " + maxBacklog);
    assertEquals(MESSAGES, new HashSet<>(healthy.received).size());
  }

  @Test
  void slowSubscriberSlowsTheProducerAndMissesNothing() {
    Manifold manifold = network.manifold(network.manifoldOptions("/inbox").maxBacklog(SUBSCRIBER_LIMIT));
    List<Map<String, Object>> reports = network.reports(manifold.agentAddress());
    List<String> received = new CopyOnWriteArrayList<>();
    subscribe(manifold, "/inbox/ark3", received, receiver -> {
      // about 2,000 messages a second: 20 credits every 10 ms, topped up, never piled up
      network.loop().vertx().setPeriodic(10, id -> receiver.flow(Math.max(0, 20 - receiver.credit())));
    });
    AtomicInteger accepted = network.produce(network.address("/inbox/ark3"), "m", 10_000);
    AtomicInteger largestGap = new AtomicInteger();

    await().atMost(Duration.ofSeconds(60)).until(() -> {
      largestGap.accumulateAndGet(accepted.get() - received.size(), Math::max);
      return received.size() == 10_000;
    });

    int deepest = reports.stream().mapToInt(r -> ((Number) r.get(AgentReport.MANIFOLD_DEPTH)).intValue()).max().orElseThrow();
    System.out.printf("slow subscriber: 10000 messages at ~2000/s, accepted ran at most %d ahead of it, "
        + "stream held at most %d (limit %d)%n", largestGap.get(), deepest, SUBSCRIBER_LIMIT);
    assertEquals(TestNetwork.bodies("m", 10_000), received);
    assertTrue(largestGap.get() <= SUBSCRIBER_LIMIT + 20, "the producer ran " + largestGap.get() + " ahead");
    assertTrue(deepest <= SUBSCRIBER_LIMIT, "the stream held " + deepest);
  }

  @Test
  void stalledSubscriberIsDetachedSayingWhyAndTheOthersGoOn() {
    Manifold manifold = network.manifold(network.manifoldOptions("/inbox").maxBacklog(SUBSCRIBER_LIMIT)
        .subscriberTimeout(Duration.ofSeconds(1)));
    List<ErrorCondition> detached = new CopyOnWriteArrayList<>();
    subscribe(manifold, "/inbox/ark3", new CopyOnWriteArrayList<>(), receiver -> {
      receiver.flow(10); // and never again
      receiver.closeHandler(detached::add);
    });
    List<String> healthy = new CopyOnWriteArrayList<>();
    subscribe(manifold, "/inbox/ark3", healthy, receiver -> receiver.window(100));
    AtomicInteger accepted = network.produce(network.address("/inbox/ark3"), "m", 5_000);

    await().atMost(Duration.ofSeconds(30)).until(() -> healthy.size() == 5_000);

    assertEquals(5_000, accepted.get());
    assertEquals(TestNetwork.bodies("m", 5_000), healthy);
    assertEquals(1, detached.size());
    assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED, detached.get(0).getCondition());
    assertTrue(detached.get(0).getDescription().contains("took none for 1000 ms"), detached.get(0).getDescription());
  }

  @Test
  void producersThatStopSendingGiveTheirCreditBackAndAnotherGoesOn() throws Exception {
    Manifold manifold = network.manifold(network.manifoldOptions("/inbox"));
    String stream = network.address("/inbox/ark3").toString();
    JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + manifold.port());
    try (Connection jms = factory.createConnection()) {
      Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer quietJms = session.createProducer(session.createQueue(stream));
      quietJms.send(session.createTextMessage("one, then nothing")); // holds the rest of its credit
      AmqpSender quiet = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
          .connect("127.0.0.1", manifold.port())
          .compose(connection -> {
            AmqpSender sender = connection.createSender(stream);
            sender.open();
            return sender.opened().map(v -> sender);
          }));
      // Between them they held every credit the stream's 64 MiB allows at 1 MiB a message (credit
      // was charged so before it was charged at the sizes a producer sends): a third
      // producer got none, for good (the failover test saw it when a standby bizlogic became active).
      AtomicInteger accepted = network.produce(network.address("/inbox/ark3"), "m", 2_000);

      await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() == 2_000);
      await().atMost(Duration.ofSeconds(5)).until(() -> network.loop().call(quiet::credit) <= 1);
      quietJms.send(session.createTextMessage("and again")); // drained, it still gets credit when it sends
    }
  }

  @Test
  void creditIsChargedAtTheSizeAProducerSendsAndALargerMessageThatWouldNotFitIsReleased() {
    TestService stalled = network.service("stalled", "/svc", "ordered", Outcome.HOLD);
    Manifold manifold = network.manifold(network.manifoldOptions("/outbox")
        .push(network.address("/svc").toString()).maxStreamBytes(1 << 20));
    AmqpSender sender = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect("127.0.0.1", manifold.port())
        .compose(connection -> {
          AmqpSender opened = connection.createSender(network.address("/outbox/ark3").toString());
          opened.open();
          return opened.opened().map(v -> opened);
        }));
    List<DeliveryState> outcomes = new CopyOnWriteArrayList<>();
    List<String> small = TestNetwork.bodies("k".repeat(1_000), 100);
    network.loop().run(() -> small.forEach(body -> sender.send(MessageCodec.encode(TestNetwork.message(body)), outcomes::add)));
    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == small.size());

    // 1 MiB held 1 message of the 1 MiB a link accepts: one credit at a time. Charged at what it sends, more.
    int credit = network.loop().call(sender::credit);
    assertTrue(credit >= 50, "credit after messages of 1 KB: " + credit);
    Message largeMessage = TestNetwork.message("x".repeat(1_000_000));
    largeMessage.setMessageId("large");
    byte[] large = MessageCodec.encode(largeMessage);
    List<DeliveryState> largeOutcome = new CopyOnWriteArrayList<>();
    network.loop().run(() -> sender.send(large, largeOutcome::add));
    await().atMost(Duration.ofSeconds(10)).until(() -> !largeOutcome.isEmpty());

    assertTrue(outcomes.stream().allMatch(Accepted.class::isInstance), outcomes.toString());
    assertTrue(largeOutcome.get(0) instanceof Released, "1 MB with 200 KB held, 1 MiB the stream's limit: " + largeOutcome);
    await().atMost(Duration.ofSeconds(10)).until(() -> stalled.received.size() == small.size());
    assertEquals(small, stalled.received);
  }

  /**
   * A receiver straight on the manifold's port, attached when this returns, adding the bodies it
   * gets to {@code bodies}; {@code credit} manages its credit.
   */
  private void subscribe(Manifold manifold, String path, List<String> bodies, Consumer<AmqpReceiver> credit) {
    network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect("127.0.0.1", manifold.port())
        .compose(connection -> {
          AmqpReceiver receiver = connection.createReceiver(path).handler(delivery -> {
            bodies.add(String.valueOf(((AmqpValue) delivery.message().getBody()).getValue()));
            delivery.accept();
          });
          receiver.open();
          credit.accept(receiver);
          return receiver.opened();
        }));
  }
}
