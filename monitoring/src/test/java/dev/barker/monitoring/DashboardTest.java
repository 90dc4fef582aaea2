package dev.barker.monitoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.testkit.Browser;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard in a real headless Chromium, watching a real monitor while a push target dies and comes back. */
@Timeout(180)
class DashboardTest {

  private final TestNetwork network = new TestNetwork();
  private Browser browser;
  private Monitor monitor;
  private TestSink sink;

  @BeforeEach
  void start() {
    browser = Browser.start();
    sink = TestSink.start(network.address("/bizlogic"));
    network.manifold(network.manifoldOptions("/outbox").push(network.address("/bizlogic").toString()));
    network.manifold(network.manifoldOptions("/inbox").history(25));
    monitor = TestMonitors.start(network);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    sink.kill();
    network.close();
  }

  @Test
  void showsTheBacklogRisingWhileThePushTargetIsDownAndFallingWhenItIsBack() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (AutoCloseable load = network.produceSteadily(network.address("/outbox/ark3"), "m", 200, accepted)) {
      browser.open(monitor.dashboardUrl());
      browser.await("body[data-monitor='live']");
      String sinkRow = "tr[data-instance='127.0.0.1:" + sink.port() + "']";
      browser.await(sinkRow + "[data-up='true'][data-role='active']");

      long killedAt = System.nanoTime();
      sink.kill();
      browser.await(sinkRow + "[data-up='false']");
      long shownDownMillis = (System.nanoTime() - killedAt) / 1_000_000;
      browser.awaitTrue(() -> backlog() > 400);
      int high = backlog();
      browser.awaitTrue(() -> backlog() > high);
      browser.screenshot("dashboard-push-target-down");

      sink = TestSink.start(network.address("/bizlogic"));
      browser.awaitTrue(() -> backlog() == 0);
      browser.await("tr[data-instance='127.0.0.1:" + sink.port() + "'][data-up='true']");
      browser.screenshot("dashboard-push-target-back");
      System.out.printf("dashboard: killed push target shown down after %d ms; backlog peaked above %d, then drained%n",
          shownDownMillis, high);
      assertTrue(shownDownMillis < 5_000, "took " + shownDownMillis + " ms to show the kill");
    }
  }

  private int backlog() {
    return Integer.parseInt(browser.await("#outbox-backlog").getText().trim());
  }
}
