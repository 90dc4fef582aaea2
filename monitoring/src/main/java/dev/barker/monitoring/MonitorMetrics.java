package dev.barker.monitoring;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The monitor's view as Prometheus metrics: each scrape reads the latest reports (callback metrics,
 * nothing kept twice). Labels: {@code service} (its address), {@code instance} ({@code host:port}),
 * {@code type}.
 */
final class MonitorMetrics {

  private static final String[] LABELS = {"service", "instance", "type"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Supplier<List<Map<String, Object>>> rows;

  MonitorMetrics(Supplier<List<Map<String, Object>>> rows) {
    this.rows = rows;
    gauge("barker_up", "1 while the service is registered and reporting, else 0", "up");
    counter("barker_incoming_messages", "Messages the service has taken in", "incoming_count");
    counter("barker_outgoing_messages", "Messages the service has sent on", "outgoing_count");
    gauge("barker_incoming_rate", "Messages in per second, over the last 10 s", "incoming_rate");
    gauge("barker_outgoing_rate", "Messages out per second, over the last 10 s", "outgoing_rate");
    gauge("barker_heap_used_bytes", "JVM heap in use", "heap_used");
    gauge("barker_cpu_load", "Process CPU load, 0 to 1", "cpu_load");
    gauge("barker_manifold_backlog", "Messages awaiting the push target's outcome", "manifold_backlog");
    gauge("barker_manifold_messages", "Messages held by the manifold", "manifold_messages");
    gauge("barker_manifold_depth", "Messages held by the manifold's largest stream", "manifold_depth");
    gauge("barker_manifold_streams", "Streams (sub-addresses) the manifold holds", "manifold_streams");
    counter("barker_manifold_dead_letters", "Messages the push target rejected", "manifold_dead_letters");
  }

  /** Everything, in the Prometheus text format. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /** The content type of {@link #scrape()}. */
  String contentType() {
    return writer.getContentType();
  }

  private void gauge(String name, String help, String field) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(LABELS)
        .callback(callback -> each(field, (value, labels) -> callback.call(value, labels)))
        .register(registry);
  }

  private void counter(String name, String help, String field) {
    CounterWithCallback.builder().name(name).help(help).labelNames(LABELS)
        .callback(callback -> each(field, (value, labels) -> callback.call(value, labels)))
        .register(registry);
  }

  private void each(String field, Sample sample) {
    for (Map<String, Object> row : rows.get()) {
      Object value = row.get(field);
      if (value instanceof Boolean up) {
        value = up ? 1 : 0;
      }
      if (value instanceof Number number) {
        sample.take(number.doubleValue(), String.valueOf(row.get("address")), String.valueOf(row.get("instance")),
            String.valueOf(row.get("type")));
      }
    }
  }

  @FunctionalInterface
  private interface Sample {
    void take(double value, String... labels);
  }
}
