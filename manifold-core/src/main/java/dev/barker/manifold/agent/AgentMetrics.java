package dev.barker.manifold.agent;

import dev.barker.manifold.Address;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Agents' reports as Prometheus metrics, named the Prometheus way (counters end in {@code _total},
 * sizes in bytes, times in seconds, fractions in {@code _ratio}). Callback metrics read the reports
 * at each scrape, labelled {@code service} (its address), {@code listener} (its {@code host:port};
 * Prometheus keeps {@code instance} for the target it scrapes) and {@code type}; the largest
 * streams of a manifold (as many as its report carries) add {@code stream}. Each scrape also has
 * this JVM's {@code jvm_*} and {@code process_*} metrics from the Prometheus client. The monitor's
 * {@code /metrics} has every service's reports; each service's own {@code GET /metrics} on its AMQP
 * port, its own.
 */
public final class AgentMetrics {

  private static final String[] LABELS = {"service", "listener", "type"};
  private static final String[] STREAM_LABELS = {"service", "listener", "type", "stream"};
  private static final double MILLIS = 1e-3;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<? extends Collection<Map<String, Object>>> reports;

  /** What a scrape returns: the content type its {@code Accept} header chose, and the body. */
  public record Scrape(String contentType, byte[] body) {
  }

  /** Metrics over the reports {@code reports} returns at each scrape. */
  public AgentMetrics(Supplier<? extends Collection<Map<String, Object>>> reports) {
    this.reports = reports;
    counter("barker_incoming_messages", "Messages the service has taken in", AgentReport.INCOMING_COUNT);
    counter("barker_outgoing_messages", "Messages the service has sent on", AgentReport.OUTGOING_COUNT);
    gauge("barker_start_time_seconds", "When the service's process started, since the epoch", AgentReport.STARTED,
        MILLIS);
    gauge("barker_heap_used_bytes", "JVM heap in use", AgentReport.HEAP_USED);
    gauge("barker_heap_max_bytes", "JVM heap limit", AgentReport.HEAP_MAX);
    gauge("barker_cpu_usage_ratio", "Share of the machine's CPU the process used lately, 0 to 1", AgentReport.CPU_LOAD);
    gauge("barker_memory_budget_used_bytes", "Bytes charged to the service's memory budget", AgentReport.MEMORY_USED);
    gauge("barker_memory_budget_limit_bytes", "The service's memory budget", AgentReport.MEMORY_LIMIT);
    gauge("barker_connections", "Connections the service's listener holds", AgentReport.CONNECTIONS);
    counter("barker_connections_refused", "Connections dropped at once for a limit or the memory budget",
        AgentReport.CONNECTIONS_REFUSED);
    gauge("barker_manifold_messages", "Messages held by the manifold", AgentReport.MANIFOLD_MESSAGES);
    gauge("barker_manifold_streams", "Streams (sub-addresses) the manifold holds", AgentReport.MANIFOLD_STREAMS);
    gauge("barker_manifold_depth", "Messages held by the manifold's largest stream", AgentReport.MANIFOLD_DEPTH);
    gauge("barker_manifold_backlog", "Messages awaiting the push target's outcome", AgentReport.MANIFOLD_BACKLOG);
    gauge("barker_manifold_oldest_unacknowledged_seconds", "Age of the oldest message the push target owes an outcome for",
        AgentReport.MANIFOLD_MAX_IDLE, MILLIS);
    counter("barker_manifold_dead_letters", "Messages the push target rejected", AgentReport.MANIFOLD_DEAD_LETTERS);
    gauge("barker_manifold_dead_letters_held", "Dead letters the manifold holds now", AgentReport.MANIFOLD_DEAD_HELD);
    counter("barker_manifold_slow_subscribers_detached", "Subscribers detached for taking nothing while others waited",
        AgentReport.MANIFOLD_SLOW_DETACHED);
    streamGauge("barker_stream_messages", "Messages held by one of the manifold's largest streams", AgentReport.TOP_STREAM_MESSAGES);
    streamGauge("barker_stream_backlog", "Messages of one of the manifold's largest streams awaiting the push target",
        AgentReport.TOP_STREAM_BACKLOG);
  }

  /** Adds a gauge of report field {@code field} (the monitor adds what only it knows, such as up). */
  public AgentMetrics gauge(String name, String help, String field) {
    return gauge(name, help, field, 1);
  }

  /** Adds a counter of report field {@code field}; the name gets {@code _total}. */
  public AgentMetrics counter(String name, String help, String field) {
    CounterWithCallback.builder().name(name).help(help).labelNames(LABELS)
        .callback(callback -> each(field, 1, callback::call))
        .register(registry);
    return this;
  }

  /** Everything, in the format {@code accept} (an HTTP Accept header, may be null) asks for: OpenMetrics or Prometheus text. */
  public Scrape scrape(String accept) {
    ExpositionFormatWriter writer = Scraping.FORMATS.findWriter(accept);
    if (!writer.isAvailable()) {
      writer = Scraping.FORMATS.getPrometheusTextFormatWriter(); // protobuf needs a module we do not ship
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MetricSnapshot[] snapshots = Stream.concat(registry.scrape().stream(), Scraping.JVM.scrape().stream())
          .filter(AgentMetrics::hasData).toArray(MetricSnapshot[]::new);
      writer.write(out, MetricSnapshots.of(snapshots));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return new Scrape(writer.getContentType(), out.toByteArray());
  }

  private AgentMetrics gauge(String name, String help, String field, double scale) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(LABELS)
        .callback(callback -> each(field, scale, callback::call))
        .register(registry);
    return this;
  }

  private void streamGauge(String name, String help, String field) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(STREAM_LABELS)
        .callback(callback -> {
          for (Map<String, Object> report : reports.get()) {
            if (report.get(AgentReport.MANIFOLD_TOP_STREAMS) instanceof List<?> top) {
              String[] labels = labelsOf(report);
              for (Object each : top) {
                if (each instanceof Map<?, ?> stream && stream.get(field) instanceof Number value) {
                  callback.call(value.doubleValue(), labels[0], labels[1], labels[2], String.valueOf(stream.get(AgentReport.TOP_STREAM_NAME)));
                }
              }
            }
          }
        })
        .register(registry);
  }

  private void each(String field, double scale, Sample sample) {
    for (Map<String, Object> report : reports.get()) {
      Object value = report.get(field);
      if (value instanceof Boolean flag) {
        value = flag ? 1 : 0;
      }
      if (value instanceof Number number) {
        sample.take(number.doubleValue() * scale, labelsOf(report));
      }
    }
  }

  private static String[] labelsOf(Map<String, Object> report) {
    String agent = String.valueOf(report.get(AgentReport.AGENT));
    String listener = agent.startsWith("//") ? AgentReport.instanceOf(Address.parse(agent).path()) : agent;
    return new String[] {String.valueOf(report.get(AgentReport.ADDRESS)), listener,
        String.valueOf(report.get(AgentReport.TYPE))};
  }

  /** A family with no samples (a manifold figure where no manifold reports) is left out, as the client would. */
  private static boolean hasData(MetricSnapshot snapshot) {
    return !snapshot.getDataPoints().isEmpty();
  }

  /**
   * What only a scrape needs, made at the first one (a service nobody scrapes carries none of it):
   * the writers, and this JVM's metrics, registered once however many services it runs (tests run many).
   */
  private static final class Scraping {
    static final ExpositionFormats FORMATS = ExpositionFormats.init();
    static final PrometheusRegistry JVM = new PrometheusRegistry();

    static {
      JvmMetrics.builder().register(JVM);
    }
  }

  @FunctionalInterface
  private interface Sample {
    void take(double value, String... labels);
  }
}
