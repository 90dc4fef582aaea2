package dev.barker.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.node.Manifold;
import dev.barker.testkit.Browser;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Dimension;

/**
 * The console in a real headless Chromium, against real manifolds and a real push target: a
 * stream's backlog in the streams table while its push target is down, its detail, dead letters
 * with why they died, one retried to the push target, the rest purged, alerts on top, the routes
 * and connections views, removing a service that is down, and the overview on a phone's width.
 */
@Timeout(180)
class ConsoleTest {

  private final TestNetwork network = new TestNetwork();
  private Browser browser;
  private Monitor monitor;
  private Manifold outbox;
  private TestSink sink;

  @BeforeEach
  void start() {
    browser = Browser.start();
    outbox = network.manifold(network.manifoldOptions("/outbox").history(5).push(network.address("/bizlogic").toString()));
    network.manifold(network.manifoldOptions("/inbox").history(25));
    monitor = TestMonitors.start(network);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (sink != null) {
      sink.kill();
    }
    network.close();
  }

  @Test
  void anOperatorSeesBacklogAndDeadLettersAndRetriesAndPurgesThem() throws Exception {
    AtomicInteger queued = network.produce(network.address("/outbox/rex"), "woof", 20);
    network.produce(network.address("/outbox/luna"), "arf", 5);
    await().until(() -> queued.get() == 20);
    browser.open(monitor.dashboardUrl() + "#streams");
    browser.await("body[data-monitor='live']");
    String rex = "#stream-table tr[data-stream='/outbox/rex']";
    browser.awaitTrue(() -> browser.text(rex + " .backlog").equals("20"));
    assertEquals("/outbox/rex", browser.text("#stream-table tbody tr .name"), "the deepest backlog first");
    browser.screenshot("console-streams-backlog-while-push-target-down");

    sink = TestSink.start(network.address("/bizlogic"));
    sink.rejectBad = true;
    browser.awaitTrue(() -> browser.text(rex + " .backlog").equals("0"));
    AtomicInteger bad = network.produce(network.address("/outbox/rex"), "bad", 3);
    await().until(() -> bad.get() == 3);
    browser.awaitTrue(() -> browser.text(rex + " .dead").equals("3"));
    browser.await("#alerts li.warning[data-kind='dead_letters']");

    browser.click(rex);
    browser.await("#stream-detail[data-stream='/outbox/rex']:not([hidden])");
    browser.awaitTrue(() -> browser.all("#detail-dead tbody tr").size() == 3);
    assertTrue(browser.text("#detail-dead tbody tr").contains("a bad bark: bad"), "why it died, as the target said");
    assertEquals("linked to 127.0.0.1:" + sink.port(), browser.text("#detail-push dd[data-push='state']"));
    browser.awaitTrue(() -> Integer.parseInt(String.valueOf(browser.script(
        "return document.getElementById('detail-chart').dataset.points || '0';"))) >= 5); // its depth chart drawn
    browser.screenshotOfWholePage("console-stream-detail-dead-letters");

    sink.rejectBad = false;
    String firstDead = browser.text("#detail-dead tbody tr:last-child td");
    browser.click("#detail-dead tr[data-seq='" + firstDead + "'] button");
    browser.await("#confirm[open]");
    browser.click("#confirm-ok");
    await("the retried dead letter reaches the push target").atMost(Duration.ofSeconds(20))
        .until(() -> sink.accepted.contains("bad0"));
    browser.awaitTrue(() -> browser.all("#detail-dead tbody tr").size() == 2);
    assertTrue(browser.text("#activity li").startsWith(browser.text("#activity li").substring(0, 8) + "  Retried 1: dead letter"),
        browser.text("#activity li"));

    browser.click("#purge-all");
    browser.await("#confirm[open]");
    browser.click("#confirm-ok");
    browser.awaitTrue(() -> browser.text("#dead-count").startsWith("(0 held"));
    browser.awaitTrue(() -> browser.all("#alerts li[data-kind='dead_letters']").isEmpty());
    assertTrue(browser.text("#activity li").contains("Purged 2: every dead letter of /outbox/rex"), browser.text("#activity li"));
    assertEquals(1, sink.accepted.stream().filter(body -> body.startsWith("bad")).count(), "purged ones never reached it");
    browser.screenshot("console-dead-letters-purged");

    browser.script("location.hash = '#routes'");
    browser.awaitTrue(() -> browser.text("#route-table tr[data-address='" + network.address("/bizlogic") + "']")
        .contains("127.0.0.1:" + sink.port()));
    assertTrue(browser.text("#route-table tr[data-address='" + network.address("/bizlogic") + "'] li").endsWith("active"));
    browser.screenshot("console-routes");

    browser.script("location.hash = '#connections'; const s = document.getElementById('connection-service');"
        + " s.value = arguments[0]; s.dispatchEvent(new Event('change'));", "127.0.0.1:" + outbox.port());
    browser.awaitTrue(() -> browser.text("#connection-summary").matches("\\d+ connections to 127\\.0\\.0\\.1:" + outbox.port()));
    assertTrue(!browser.all("#connection-table tbody tr").isEmpty());
    browser.screenshot("console-connections");
  }

  @Test
  void aServiceThatIsDownStaysUntilRemovedAndThePageFitsAPhone() {
    sink = TestSink.start(network.address("/bizlogic"));
    browser.driver().manage().window().setSize(new Dimension(390, 844));
    browser.open(monitor.dashboardUrl());
    String row = "#services tr[data-name='bizlogic-" + sink.port() + "']";
    browser.await(row + "[data-up='true']");
    browser.awaitTrue(() -> browser.all("#rate-chart .u-legend .u-series").size() > 2);
    assertTrue(browser.text("#rate-chart .u-legend").contains("bizlogic-" + sink.port() + " in"), "legends use the table's names");
    assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"),
        "nothing wider than the phone: tables scroll inside their own box");
    browser.screenshot("console-phone-390px");

    sink.kill();
    browser.await(row + "[data-up='false']");
    browser.await("#alerts li.critical[data-kind='service_down'][data-service='bizlogic-" + sink.port() + "']");
    browser.screenshot("console-phone-service-down");
    browser.click(row + " button");
    browser.click("#confirm-ok");
    browser.awaitTrue(() -> browser.all(row).isEmpty());
    browser.awaitTrue(() -> browser.all("#alerts li.critical").isEmpty());
    sink = null;
  }
}
