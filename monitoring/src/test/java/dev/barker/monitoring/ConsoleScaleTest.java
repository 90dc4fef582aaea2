package dev.barker.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.node.Manifold;
import dev.barker.testkit.Browser;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streams view over a manifold holding 100,000 streams, in a real Chromium: the manifold
 * answers each page (sorted, filtered) by itself, so paging stays quick; the test prints how long
 * the queries took as the page measured them.
 */
@Timeout(240)
class ConsoleScaleTest {

  private static final int STREAMS = 100_000;
  private static final int BATCH = 2_000;

  private final TestNetwork network = new TestNetwork();
  private Browser browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    network.close();
  }

  @Test
  void aHundredThousandStreamsPageQuickly() throws Exception {
    browser = Browser.start();
    Manifold inbox = network.manifold(network.manifoldOptions("/inbox").history(1));
    Monitor monitor = TestMonitors.start(network);
    long filling = System.nanoTime();
    fill(inbox.port());
    System.out.printf("console scale: %d streams made in %.1f s%n", STREAMS, (System.nanoTime() - filling) / 1e9);

    browser.open(monitor.dashboardUrl() + "#streams");
    browser.await("body[data-monitor='live']");
    browser.awaitTrue(() -> "100000".equals(browser.script("return document.getElementById('stream-table').dataset.total;")));
    long first = queryMillis();
    assertEquals("100,000 streams on 1 manifold; 1\u201350 shown", browser.text("#stream-summary").replaceAll("; the query.*", ""));

    browser.click("#stream-next");
    browser.awaitTrue(() -> browser.text("#stream-summary").contains("51\u2013100 shown"));
    long next = queryMillis();
    browser.click("#stream-table th[data-sort='name']");
    browser.awaitTrue(() -> browser.text("#stream-table tbody tr .name").equals("/inbox/u0"));
    long byName = queryMillis();
    browser.script("const p = document.getElementById('stream-prefix'); p.value = '/inbox/u9999';"
        + " p.dispatchEvent(new Event('input'));");
    browser.awaitTrue(() -> browser.text("#stream-summary").startsWith("11 streams under /inbox/u9999"));
    long filtered = queryMillis();
    browser.screenshot("console-100000-streams");

    System.out.printf("console scale: %d streams; page 1 in %d ms, page 2 in %d ms, sorted by name in %d ms, "
        + "filtered by prefix in %d ms (as the page measured them, round trip included)%n", STREAMS, first, next, byName, filtered);
    for (long millis : new long[] {first, next, byName, filtered}) {
      assertTrue(millis < 2_000, "a page of 100,000 streams took " + millis + " ms");
    }
  }

  private long queryMillis() {
    return Long.parseLong(String.valueOf(browser.script("return document.getElementById('stream-table').dataset.queryMillis;")));
  }

  /** Makes {@link #STREAMS} streams, each holding one message, over one connection, a batch of links at a time. */
  private void fill(int port) {
    AmqpConnection connection = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect("127.0.0.1", port));
    AtomicInteger made = new AtomicInteger();
    for (int batch = 0; batch < STREAMS / BATCH; batch++) {
      int start = batch * BATCH;
      network.loop().run(() -> {
        for (int i = start; i < start + BATCH; i++) {
          byte[] message = MessageCodec.encode(TestNetwork.message("u" + i));
          AmqpSender sender = connection.createSender(network.address("/inbox/u" + i).toString());
          sender.sendableHandler(ready -> {
            sender.sendableHandler(done -> { });
            sender.send(message, outcome -> {
              made.incrementAndGet();
              sender.close();
            });
          });
          sender.open();
        }
      });
      int expected = start + BATCH;
      await().atMost(Duration.ofSeconds(60)).until(() -> made.get() == expected);
    }
  }
}
