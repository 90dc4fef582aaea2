package dev.barker.manifold.node;

import static dev.barker.manifold.TestNetwork.bodies;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.agent.AgentReport;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A manifold on two event loops: each stream owned by one, both serving, their stores apart. */
@Timeout(120)
class ManifoldLoopsTest {

  private static final int SUB_ADDRESSES = 40;
  private static final int MESSAGES = 10;

  private final TestNetwork network = new TestNetwork();

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void twoLoopsShareTheSubAddressesAndKeepTheirStreamsAcrossARestart(@TempDir Path store) {
    List<Manifold> loops = start(store, 2);
    assertNotEquals(loops.get(0).port(), loops.get(1).port());
    Supplier<String> thread = () -> Thread.currentThread().getName();
    String first = network.loop().await(() -> onLoop(loops.get(0), thread));
    String second = network.loop().await(() -> onLoop(loops.get(1), thread));
    assertNotEquals(first, second, "both instances on one event loop");

    List<List<Map<String, Object>>> reports = loops.stream().map(loop -> network.reports(loop.agentAddress())).toList();
    List<AtomicInteger> accepted = new ArrayList<>();
    for (int i = 0; i < SUB_ADDRESSES; i++) {
      accepted.add(network.produce(network.address("/inbox/u" + i), "m", MESSAGES));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> accepted.stream().allMatch(count -> count.get() == MESSAGES));
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().mapToInt(ManifoldLoopsTest::streams).sum() == SUB_ADDRESSES);
    int onFirst = streams(reports.get(0));
    assertTrue(onFirst > 0 && onFirst < SUB_ADDRESSES, "streams on the first loop: " + onFirst + " of " + SUB_ADDRESSES);

    for (int i = 0; i < SUB_ADDRESSES; i++) {
      List<String> history = network.subscribe(network.address("/inbox/u" + i));
      await().atMost(Duration.ofSeconds(10)).until(() -> history.size() == MESSAGES);
      assertEquals(bodies("m", MESSAGES), history);
    }

    // Each loop restores its own store (on other ports now, so the directory may give a
    // sub-address to the other one: a durable manifold on several loops wants a fixed --port).
    loops.forEach(loop -> network.loop().await(loop::close));
    List<List<Map<String, Object>>> restarted = start(store, 2).stream()
        .map(loop -> network.reports(loop.agentAddress())).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> restarted.stream().allMatch(list -> !list.isEmpty()));
    // (the subscribers above follow their sub-addresses to wherever they went: new streams, empty)
    assertEquals(MESSAGES * streams(reports.get(0)), number(restarted.get(0), AgentReport.MANIFOLD_MESSAGES));
    assertEquals(MESSAGES * streams(reports.get(1)), number(restarted.get(1), AgentReport.MANIFOLD_MESSAGES));
  }

  @Test
  void aStoreWrittenByTwoLoopsIsRefusedToOne(@TempDir Path store) {
    assertEquals("the store " + store + " holds the streams of 2 event loops; start with --event-loops 2"
        + " (each loop serves the sub-addresses it stored)", refusal(store, 2, 1));
  }

  @Test
  void aStoreWrittenByOneLoopIsRefusedToTwo(@TempDir Path store) {
    assertEquals("the store " + store + " holds the streams of 1 event loop; start with --event-loops 1"
        + " (each loop serves the sub-addresses it stored)", refusal(store, 1, 2));
  }

  /** Why a manifold on {@code loops} event loops does not start on a store {@code wrote} loops wrote. */
  private String refusal(Path store, int wrote, int loops) {
    start(store, wrote).forEach(loop -> network.loop().await(loop::close));
    return network.loop().call(() -> ManifoldLoops.start(network.loop().vertx(), options(store, loops)))
        .toCompletionStage().handle((started, error) -> error.getMessage()).toCompletableFuture().join();
  }

  private List<Manifold> start(Path store, int loops) {
    List<Manifold> started = network.loop().await(() -> ManifoldLoops.start(network.loop().vertx(), options(store, loops)));
    started.forEach(loop -> network.loop().await(loop::registered));
    return started;
  }

  private ManifoldOptions options(Path store, int loops) {
    return network.manifoldOptions("/inbox").history(25).store(store).eventLoops(loops);
  }

  private static <T> Future<T> onLoop(Manifold manifold, Supplier<T> work) {
    return Future.future(promise -> manifold.eventLoop().runOnContext(v -> promise.complete(work.get())));
  }

  private static int streams(List<Map<String, Object>> reports) {
    return number(reports, AgentReport.MANIFOLD_STREAMS);
  }

  private static int number(List<Map<String, Object>> reports, String key) {
    return reports.isEmpty() ? 0 : ((Number) reports.get(reports.size() - 1).get(key)).intValue();
  }
}
