package dev.barker.manifold.node;

import dev.barker.manifold.agent.AgentMetrics;
import dev.barker.manifold.engine.HttpGetHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every service answers to a plain HTTP GET on its AMQP port, in the shape probes and
 * Prometheus expect: {@code /health/live} (200 while its event loop answers), {@code /health/ready}
 * (200 once it is registered and nothing keeps it from serving, else 503 saying what does) and
 * {@code /metrics} (its agent's figures and its JVM's, as {@link AgentMetrics} writes them).
 */
public final class HealthEndpoints implements HttpGetHandler {

  /** Liveness: 200 whenever the service answers at all. */
  public static final String LIVE = "/health/live";
  /** Readiness: 200 when it can serve, 503 with the reasons when it cannot. */
  public static final String READY = "/health/ready";
  /** Prometheus metrics (OpenMetrics when the Accept header asks for it). */
  public static final String METRICS = "/metrics";

  private static final String JSON = "application/json";

  private final Supplier<List<String>> notReadyBecause;
  private final AgentMetrics metrics;

  /** Endpoints reporting readiness problems from {@code notReadyBecause} (empty: ready) and {@code metrics}. */
  public HealthEndpoints(Supplier<List<String>> notReadyBecause, AgentMetrics metrics) {
    this.notReadyBecause = notReadyBecause;
    this.metrics = metrics;
  }

  @Override
  public Response get(String path, String accept) {
    return switch (path) {
      case LIVE -> json(200, new JsonObject().put("status", "UP"));
      case READY -> {
        List<String> problems = notReadyBecause.get();
        yield problems.isEmpty() ? json(200, new JsonObject().put("status", "UP"))
            : json(503, new JsonObject().put("status", "DOWN").put("problems", new JsonArray(problems)));
      }
      case METRICS -> {
        AgentMetrics.Scrape scrape = metrics.scrape(accept);
        yield new Response(200, scrape.contentType(), scrape.body());
      }
      default -> null;
    };
  }

  private static Response json(int status, JsonObject body) {
    return new Response(status, JSON, body.encode().getBytes(StandardCharsets.UTF_8));
  }
}
