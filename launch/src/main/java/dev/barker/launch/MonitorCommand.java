package dev.barker.launch;

import dev.barker.manifold.node.Service;
import dev.barker.manifold.node.ServiceCommand;
import dev.barker.monitoring.Monitor;
import dev.barker.monitoring.MonitorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code barker monitor}: collects every agent's reports; serves the dashboard, /metrics and /health. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Runs the monitor: publishes every service's latest report at //HOST/monitor once a second, "
        + "and serves the dashboard (/monitoring/), /metrics (Prometheus) and /health over HTTP.")
final class MonitorCommand extends ServiceCommand {

  @Mixin
  private MonitorOptions options = new MonitorOptions();

  @Override
  protected Future<? extends Service> start(Vertx vertx) {
    return Monitor.start(vertx, options);
  }
}
