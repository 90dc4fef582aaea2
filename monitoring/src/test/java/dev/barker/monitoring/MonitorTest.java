package dev.barker.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.PythonPeer;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.node.Manifold;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class MonitorTest {

  private final TestNetwork network = new TestNetwork();
  private final HttpClient http = HttpClient.newHttpClient();
  private Monitor monitor;
  private Manifold outbox;
  private TestSink sink;

  @BeforeEach
  void start() {
    sink = TestSink.start(network.address("/bizlogic"));
    outbox = network.manifold(network.manifoldOptions("/outbox").push(network.address("/bizlogic").toString()));
    monitor = TestMonitors.start(network);
  }

  @AfterEach
  void stop() {
    sink.kill();
    network.close();
  }

  @Test
  void publishesEveryServicesReportWithRoleAndMarksAKilledOneDown() {
    List<List<Map<String, Object>>> published = subscribeToMonitor();
    await().until(() -> row(published, "bizlogic") != null && Boolean.TRUE.equals(row(published, "bizlogic").get(ServiceStatus.UP)));
    Map<String, Object> bizlogic = row(published, "bizlogic");
    assertEquals("active", bizlogic.get(ServiceStatus.ROLE));
    assertEquals("127.0.0.1:" + sink.port(), bizlogic.get(ServiceStatus.INSTANCE));
    assertEquals(network.address("/bizlogic").toString(), bizlogic.get(AgentReport.ADDRESS));
    await().until(() -> row(published, "manifold") != null);

    sink.kill();

    await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(row(published, "bizlogic").get(ServiceStatus.UP)));
    assertEquals("down", row(published, "bizlogic").get(ServiceStatus.ROLE));
  }

  @Test
  void metricsParseAsPrometheusTextAndCountersIncreaseUnderLoad() throws Exception {
    PythonPeer.assumeInstalledWith("prometheus_client", "python3-prometheus-client");
    AtomicInteger first = network.produce(network.address("/outbox/ark3"), "a", 200);
    await().until(() -> first.get() == 200);
    await().until(() -> incomingOf(scrape()) >= 200);
    double before = incomingOf(scrape());

    AtomicInteger second = network.produce(network.address("/outbox/ark3"), "b", 300);
    await().until(() -> second.get() == 300);

    await().atMost(Duration.ofSeconds(30)).until(() -> incomingOf(scrape()) >= before + 300);

    assertTrue(scrape().contains("barker_up{listener=\"127.0.0.1:" + sink.port() + "\""), scrape());
  }

  @Test
  void aDeadServiceStaysListedDownAndHealthNamesItUntilItIsBack() throws Exception {
    List<List<Map<String, Object>>> published = subscribeToMonitor();
    await().until(() -> get("/health").statusCode() == 200 && row(published, "bizlogic") != null);
    String name = "bizlogic-" + sink.port();
    assertEquals(name, row(published, "bizlogic").get(ServiceStatus.NAME));

    sink.kill();

    await().atMost(Duration.ofSeconds(10)).until(() -> get("/health").statusCode() == 503);
    String health = get("/health").body();
    assertTrue(health.contains("\"down\":[\"" + name + " (127.0.0.1:" + sink.port() + ")\"]"), health);
    await().until(() -> Boolean.FALSE.equals(row(published, "bizlogic").get(ServiceStatus.UP)));
    Map<String, Object> down = row(published, "bizlogic");
    assertTrue(down.containsKey(ServiceStatus.DOWN_SINCE) && !down.containsKey(AgentReport.INCOMING_RATE),
        "a down row keeps who it was, not its last figures: " + down);
    assertTrue(get("/metrics").body().contains("barker_up{listener=\"127.0.0.1:" + sink.port() + "\",service=\""
        + network.address("/bizlogic") + "\",type=\"bizlogic\"} 0"), "barker_up 0 while it is down");
    await("still listed, down, well after the kill").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
        .until(() -> row(published, "bizlogic") != null && Boolean.FALSE.equals(row(published, "bizlogic").get(ServiceStatus.UP)));
  }

  @Test
  void metricsFollowPrometheusNamingWithTheJvmsOwnAndOpenMetricsWhenAsked() throws Exception {
    PythonPeer.assumeInstalledWith("prometheus_client", "python3-prometheus-client");
    await().until(() -> incomingOf(scrape()) >= 0 && scrape().contains("barker_manifold_backlog{"));
    String parsed = scrape();
    for (String family : List.of("jvm_memory_used_bytes{", "process_cpu_seconds_total", "jvm_threads_current",
        "barker_cpu_usage_ratio{", "barker_memory_budget_used_bytes{", "barker_restarts_total{")) {
      assertTrue(parsed.contains(family), family + " in\n" + parsed);
    }
    assertTrue(parsed.lines().noneMatch(line -> line.contains("instance=\"") || line.startsWith("barker_") && line.contains("_rate")),
        "no instance label (Prometheus's own) and no rate gauges (rate() is Prometheus's job):\n" + parsed);

    HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort()
        + "/metrics")).header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
        openMetrics.headers().toString());
    String openParsed = parse(openMetrics.body(), "--openmetrics");
    assertTrue(openParsed.contains("barker_incoming_messages_total{listener=\"127.0.0.1:" + outbox.port()), openParsed);
  }

  @Test
  void healthSaysUp() throws Exception {
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
  }

  /** /metrics as the Python client's parser reads it (so the format is checked by a parser we did not write). */
  private String scrape() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    return parse(metrics.body());
  }

  /** {@code text} as the Python client's parser reads it, {@code --openmetrics} for its OpenMetrics parser. */
  private static String parse(String text, String... format) throws Exception {
    try (PythonPeer parser = PythonPeer.start("python/parse_metrics.py", format)) {
      parser.write(text);
      String body = text;
      StringBuilder parsed = new StringBuilder();
      String first = parser.nextLine(20);
      assertTrue(first.startsWith("families="), first + "\n" + body);
      for (String line = parser.nextLineOrNull(20); line != null; line = parser.nextLineOrNull(20)) {
        parsed.append(line).append('\n');
      }
      assertEquals(0, parser.waitFor(20));
      return parsed.toString();
    }
  }

  private double incomingOf(String parsed) {
    String prefix = "barker_incoming_messages_total{listener=\"127.0.0.1:" + outbox.port() + "\"";
    return parsed.lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private List<List<Map<String, Object>>> subscribeToMonitor() {
    List<List<Map<String, Object>>> published = new CopyOnWriteArrayList<>();
    network.loop().call(() -> network.client().receiver(monitor.address(), delivery -> {
      published.add((List<Map<String, Object>>) ((Map<?, ?>) ((AmqpValue) delivery.message().getBody()).getValue())
          .get(Monitor.SERVICES));
      delivery.accept();
    }));
    return published;
  }

  private static Map<String, Object> row(List<List<Map<String, Object>>> published, String type) {
    if (published.isEmpty()) {
      return null;
    }
    return published.get(published.size() - 1).stream().filter(row -> type.equals(row.get(AgentReport.TYPE))).findFirst().orElse(null);
  }
}
