package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService.Outcome;
import dev.barker.manifold.TestService;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifold with --store, in its own JVM, killed with SIGKILL mid-stream and restarted, loses
 * nothing it accepted: the producer sends again what it never saw accepted, and subscriber and push
 * target end up with every message exactly once.
 */
@Timeout(180)
class ManifoldDurabilityTest {

  private static final int MESSAGES = 10_000;

  private final TestNetwork network = new TestNetwork();
  private AtomicInteger accepted;

  @TempDir
  Path store;

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void everythingAcceptedSurvivesKillDashNineAndReachesSubscriberAndPushTarget() throws Exception {
    String[] args = {"manifold", network.address("/outbox").toString(), "--store", store.toString(),
        "--history", String.valueOf(MESSAGES), "--max-backlog", String.valueOf(2 * MESSAGES),
        "--push", network.address("/svc").toString()};
    Address outbox = network.address("/outbox/ark3");
    try (JavaProcess first = JavaProcess.start("manifold", Barker.class.getName(), args)) {
      first.awaitLine(line -> line.endsWith(" ready"), 60);
      accepted = network.produce(outbox, "m", MESSAGES);
      await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= MESSAGES / 2);
      first.kill(); // while commits are in flight
      System.out.printf("durability: killed with %d of %d accepted%n", accepted.get(), MESSAGES);
    }

    try (JavaProcess second = JavaProcess.start("manifold", Barker.class.getName(), args)) {
      second.awaitLine(line -> line.endsWith(" ready"), 60);
      await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() == MESSAGES);
      List<String> subscribed = network.subscribe(outbox);
      await().atMost(Duration.ofSeconds(60)).until(() -> subscribed.size() >= MESSAGES);
      assertEquals(TestNetwork.bodies("m", MESSAGES), subscribed);

      TestService target = network.service("target", "/svc", "ordered", Outcome.ACCEPT);
      await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(target.received).size() == MESSAGES);
      assertEquals(new HashSet<>(TestNetwork.bodies("m", MESSAGES)), new HashSet<>(target.received));
    }
  }
}
