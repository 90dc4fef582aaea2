package dev.barker.manifold.node;

import static dev.barker.manifold.TestNetwork.bodies;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService.Outcome;
import dev.barker.manifold.TestService;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.stream.Stream;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ManifoldTest {

  private final TestNetwork network = new TestNetwork();

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void newSubscriberGetsTheLastHistoryMessagesInOrderThenLiveOnes() {
    network.manifold(network.manifoldOptions("/inbox").history(25));
    Address alice = network.address("/inbox/alice");
    awaitAccepted(network.send(alice, bodies("m", 30)));

    List<String> seen = network.subscribe(alice);
    await().until(() -> seen.size() >= 25);
    awaitAccepted(network.send(alice, List.of("live")));

    await().until(() -> seen.size() >= 26);
    List<String> expected = new ArrayList<>(bodies("m", 30).subList(5, 30));
    expected.add("live");
    assertEquals(expected, seen);
  }

  @Test
  void everySubscriberGetsEveryMessage() {
    network.manifold(network.manifoldOptions("/inbox").history(100)); // so attach timing does not matter
    Address alice = network.address("/inbox/alice");
    List<String> first = network.subscribe(alice);
    List<String> second = network.subscribe(alice);

    awaitAccepted(network.send(alice, bodies("m", 100)));

    await().until(() -> first.size() == 100 && second.size() == 100);
    assertEquals(bodies("m", 100), first);
    assertEquals(bodies("m", 100), second);
  }

  @Test
  void redeliveredCopyIsAcceptedButKeptOnce() {
    network.manifold(network.manifoldOptions("/inbox").history(10));
    Address alice = network.address("/inbox/alice");
    awaitAccepted(network.send(alice, List.of("m1", "m2")));
    awaitAccepted(network.send(alice, List.of("m1")));

    List<String> seen = network.subscribe(alice);
    await().until(() -> seen.size() >= 2);
    awaitAccepted(network.send(alice, List.of("m3")));
    await().until(() -> seen.size() >= 3);
    assertEquals(List.of("m1", "m2", "m3"), seen);
  }

  @Test
  void pushSurvivesTheActiveInstanceCrashingMidStream() {
    AtomicInteger taken = new AtomicInteger();
    TestService first = network.service("s1", "/svc", "ordered", (delivery, earlier) -> {
      if (taken.incrementAndGet() <= 300) {
        delivery.accept(); // then it stalls, as a process about to die: what it holds must not be lost
      }
    });
    TestService second = network.service("s2", "/svc", "ordered", Outcome.ACCEPT);
    network.manifold(network.manifoldOptions("/outbox").push(network.address("/svc").toString()));
    Address outbox = network.address("/outbox/ark3");
    List<String> all = bodies("b", 2_000);
    List<Future<Void>> sent = new ArrayList<>(network.send(outbox, all.subList(0, 1_000)));
    await().until(() -> first.received.size() >= 350);

    first.crash();
    sent.addAll(network.send(outbox, all.subList(1_000, 2_000)));

    awaitAccepted(sent);
    await().until(() -> union(first.received, second.received).containsAll(all));
    assertEquals(new HashSet<>(second.received).size(), second.received.size(), "no instance sees a message twice");
    Set<String> redelivered = new HashSet<>(first.received);
    redelivered.retainAll(second.received);
    assertTrue(redelivered.size() > 0 && redelivered.size() <= Stream.PUSH_WINDOW,
        redelivered.size() + " messages went to both instances; exactly those in flight unaccepted should");
    System.out.printf("failover: %d messages, %d at s1, %d at s2, %d redelivered%n",
        all.size(), first.received.size(), second.received.size(), redelivered.size());
  }

  @Test
  void rejectedMessagesLandInTheDeadLetterStream() {
    network.service("picky", "/svc", "ordered", (delivery, earlier) -> {
      if (String.valueOf(delivery.message().getBody()).contains("bad")) {
        delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, "bad bark"));
      } else {
        delivery.accept();
      }
    });
    network.manifold(network.manifoldOptions("/outbox").push(network.address("/svc").toString()));
    Address outbox = network.address("/outbox/x");
    awaitAccepted(network.send(outbox, List.of("ok1", "bad1", "ok2", "bad2")));

    List<String> dead = network.subscribe(network.address("/outbox/x/dead"));

    await().until(() -> dead.size() == 2);
    assertEquals(List.of("bad1", "bad2"), dead);
  }

  @Test
  void releasedMessagesAreSentAgainUntilAccepted() {
    TestService fickle = network.service("fickle", "/svc", "ordered", (delivery, earlier) -> {
      if (earlier == 0) {
        delivery.release();
      } else {
        delivery.accept();
      }
    });
    network.manifold(network.manifoldOptions("/outbox").push(network.address("/svc").toString()));
    awaitAccepted(network.send(network.address("/outbox/x"), bodies("m", 10)));

    await().until(() -> fickle.received.size() == 20);
    for (String body : bodies("m", 10)) {
      assertEquals(2, fickle.received.stream().filter(body::equals).count(), body + " arrives twice");
    }
  }

  @Test
  void pushMovesAtOnceWhenThePushTargetsRouteChanges() {
    TestService first = network.service("s1", "/svc", "ordered", Outcome.ACCEPT);
    TestService second = network.service("s2", "/svc", "ordered", Outcome.ACCEPT);
    network.manifold(network.manifoldOptions("/outbox").push(network.address("/svc").toString()));
    Address outbox = network.address("/outbox/x");
    awaitAccepted(network.send(outbox, bodies("a", 10)));
    await().until(() -> first.received.size() == 10);

    first.unregister(); // still running and linked: only the route stream says it is gone
    AtomicInteger probes = new AtomicInteger();
    await().until(() -> {
      awaitAccepted(network.send(outbox, List.of("probe" + probes.getAndIncrement())));
      return !second.received.isEmpty();
    });
    awaitAccepted(network.send(outbox, bodies("c", 10)));

    await().until(() -> second.received.containsAll(bodies("c", 10)));
    assertTrue(first.received.stream().noneMatch(body -> body.startsWith("c")), first.received.toString());
    assertEquals(first.received.size() + second.received.size(), 10 + probes.get() + 10, "each message once");
  }

  @Test
  void agentReportsTheManifoldsFiguresOnceASecond() {
    Manifold inbox = network.manifold(network.manifoldOptions("/inbox").history(10));
    awaitAccepted(network.send(network.address("/inbox/alice"), bodies("m", 5)));

    List<Map<String, Object>> reports = network.reports(inbox.agentAddress());

    await().until(() -> reports.size() >= 2);
    Map<String, Object> report = reports.get(reports.size() - 1);
    for (String field : List.of(AgentReport.ADDRESS, AgentReport.AGENT, AgentReport.TYPE, AgentReport.TIMESTAMP,
        AgentReport.PID, AgentReport.COMMAND, AgentReport.INCOMING_COUNT, AgentReport.OUTGOING_COUNT,
        AgentReport.INCOMING_RATE, AgentReport.OUTGOING_RATE, AgentReport.HEAP_USED, AgentReport.HEAP_MAX,
        AgentReport.CPU_LOAD, AgentReport.MANIFOLD_MESSAGES, AgentReport.MANIFOLD_STREAMS, AgentReport.MANIFOLD_DEPTH,
        AgentReport.MANIFOLD_BACKLOG, AgentReport.MANIFOLD_LAST_IDLE, AgentReport.MANIFOLD_MAX_IDLE)) {
      assertTrue(report.containsKey(field), "report lacks " + field + ": " + report);
    }
    assertEquals(network.address("/inbox").toString(), report.get(AgentReport.ADDRESS));
    assertEquals(inbox.agentAddress().toString(), report.get(AgentReport.AGENT));
    assertEquals("manifold", report.get(AgentReport.TYPE));
    assertEquals(ProcessHandle.current().pid(), ((Number) report.get(AgentReport.PID)).longValue());
    assertEquals(5L, ((Number) report.get(AgentReport.INCOMING_COUNT)).longValue());
    assertEquals(5, ((Number) report.get(AgentReport.MANIFOLD_MESSAGES)).intValue());
    assertEquals(1, ((Number) report.get(AgentReport.MANIFOLD_STREAMS)).intValue());
    assertEquals(0, ((Number) report.get(AgentReport.MANIFOLD_BACKLOG)).intValue());
  }

  @Test
  void linksOutsideItsAddressAreRefusedWithNotFound() {
    network.manifold(network.manifoldOptions("/inbox"));
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    Manifold other = network.manifold(network.manifoldOptions("/outbox"));
    network.loop().call(() -> {
      dev.barker.manifold.engine.AmqpClient client = new dev.barker.manifold.engine.AmqpClient(
          network.loop().vertx(), new dev.barker.manifold.engine.EngineOptions());
      return client.connect("127.0.0.1", other.port()).onSuccess(connection -> {
        dev.barker.manifold.engine.AmqpReceiver receiver = connection.createReceiver("/inbox/alice");
        receiver.opened().onFailure(errors::add);
        receiver.open();
      });
    });
    await().until(() -> !errors.isEmpty());
    assertTrue(errors.get(0).getMessage().contains("amqp:not-found"), errors.get(0).getMessage());
  }

  private static Set<String> union(List<String> a, List<String> b) {
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return union;
  }

  static void awaitAccepted(List<Future<Void>> sent) {
    await().until(() -> {
      for (Future<Void> future : sent) {
        if (future.failed()) {
          throw new AssertionError("a send failed", future.cause());
        }
      }
      return sent.stream().allMatch(Future::succeeded);
    });
  }
}
