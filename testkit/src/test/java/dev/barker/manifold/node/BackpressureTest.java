package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestService;
import dev.barker.manifold.TestService.Outcome;
import dev.barker.testkit.TestNetwork;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stalled push target stops producers by credit; memory stays bounded; nothing is dropped. */
@Timeout(180)
class BackpressureTest {

  private static final int LIMIT = 10_000;
  private static final int MESSAGES = 100_000;

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
    await().until(() -> reports.stream().anyMatch(r -> ((Number) r.get("manifold_backlog")).intValue() == LIMIT));

    stalled.crash();
    TestService healthy = network.service("healthy", "/svc", "ordered", Outcome.ACCEPT);

    await().atMost(Duration.ofSeconds(120)).until(() -> accepted.get() == MESSAGES);
    await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(healthy.received).size() == MESSAGES);
    int maxBacklog = reports.stream().mapToInt(r -> ((Number) r.get("manifold_backlog")).intValue()).max().orElseThrow();
    long maxHeap = reports.stream().mapToLong(r -> ((Number) r.get("heap_used")).longValue()).max().orElseThrow();
    System.out.printf("backpressure: %d messages, backlog peaked at %d (limit %d), heap peaked at %d MiB over %d reports%n",
        MESSAGES, maxBacklog, LIMIT, maxHeap >> 20, reports.size());
    assertTrue(maxBacklog <= LIMIT, "backlog reached " + maxBacklog);
    assertEquals(MESSAGES, new HashSet<>(healthy.received).size());
  }
}
