package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every service answers plain HTTP GETs on its AMQP port: liveness, readiness and its own metrics
 * (its figures and its JVM's), while AMQP on the same port goes on; anything else is a 404 saying
 * what the port is for.
 */
@Timeout(60)
class HealthEndpointsTest {

  private final TestNetwork network = new TestNetwork();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void aManifoldAnswersProbesAndMetricsOnItsAmqpPort() throws Exception {
    Manifold manifold = network.manifold(network.manifoldOptions("/notes").history(100));
    AtomicInteger accepted = network.produce(network.address("/notes/a"), "n", 20);
    await().until(() -> accepted.get() == 20);

    assertEquals(200, get(manifold, HealthEndpoints.LIVE).statusCode());
    HttpResponse<String> ready = get(manifold, HealthEndpoints.READY);
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("{\"status\":\"UP\"}", ready.body());
    await().until(() -> get(manifold, HealthEndpoints.METRICS).body().contains("barker_incoming_messages_total{"));
    HttpResponse<String> metrics = get(manifold, HealthEndpoints.METRICS);
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
    assertTrue(metrics.body().contains("barker_incoming_messages_total{listener=\"127.0.0.1:" + manifold.port()
        + "\",service=\"" + network.address("/notes") + "\",type=\"manifold\"} 20.0"), metrics.body());
    assertTrue(metrics.body().contains("jvm_memory_used_bytes{area=\"heap\"}"), "the JVM's own metrics");
    assertTrue(metrics.body().contains("barker_stream_messages{listener=\"127.0.0.1:" + manifold.port()
        + "\",service=\"" + network.address("/notes") + "\",stream=\"/notes/a\",type=\"manifold\"} 20.0"),
        "its largest streams by name");

    HttpResponse<String> other = get(manifold, "/admin");
    assertEquals(404, other.statusCode());
    assertTrue(other.body().startsWith("no /admin here: this port speaks AMQP"), other.body());

    AtomicInteger after = network.produce(network.address("/notes/b"), "m", 5);
    await().until(() -> after.get() == 5); // AMQP on the same port is unaffected
  }

  private HttpResponse<String> get(Manifold manifold, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + manifold.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
