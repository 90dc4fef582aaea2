package dev.barker.monitoring;

import dev.barker.manifold.agent.AgentReport;
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
    gauge("barker_up", "1 while the service is registered and reporting, else 0", ServiceStatus.UP);
    counter("barker_incoming_messages", "Messages the service has taken in", AgentReport.INCOMING_COUNT);
    counter("barker_outgoing_messages", "Messages the service has sent on", AgentReport.OUTGOING_COUNT);
    gauge("barker_incoming_rate", "Messages in per second, over the last 10 s", AgentReport.INCOMING_RATE);
    gauge("barker_outgoing_rate", "Messages out per second, over the last 10 s", AgentReport.OUTGOING_RATE);
    gauge("barker_heap_used_bytes", "JVM heap in use", AgentReport.HEAP_USED);
    gauge("barker_cpu_load", "Process CPU load, 0 to 1", AgentReport.CPU_LOAD);
    gauge("barker_manifold_backlog", "Messages awaiting the push target's outcome", AgentReport.MANIFOLD_BACKLOG);
    gauge("barker_manifold_messages", "Messages held by the manifold", AgentReport.MANIFOLD_MESSAGES);
    gauge("barker_manifold_depth", "Messages held by the manifold's largest stream", AgentReport.MANIFOLD_DEPTH);
    gauge("barker_manifold_streams", "Streams (sub-addresses) the manifold holds", AgentReport.MANIFOLD_STREAMS);
    counter("barker_manifold_dead_letters", "Messages the push target rejected", AgentReport.MANIFOLD_DEAD_LETTERS);
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
        sample.take(number.doubleValue(), String.valueOf(row.get(AgentReport.ADDRESS)),
            String.valueOf(row.get(ServiceStatus.INSTANCE)), String.valueOf(row.get(AgentReport.TYPE)));
      }
    }
  }

  @FunctionalInterface
  private interface Sample {
    void take(double value, String... labels);
  }
}
