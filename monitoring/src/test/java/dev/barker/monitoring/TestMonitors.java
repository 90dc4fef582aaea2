package dev.barker.monitoring;

import dev.barker.manifold.TestNetwork;

/** Monitors for tests: on free ports, watching a test network's directory, on its loop. */
final class TestMonitors {

  private TestMonitors() {
  }

  /** A monitor (AMQP and HTTP on free ports) for {@code network}'s directory, started. */
  static Monitor start(TestNetwork network) {
    MonitorOptions options = new MonitorOptions().directory(network.directory().address()).httpPort(0);
    options.service().port(0);
    return network.loop().await(() -> Monitor.start(network.loop().vertx(), options));
  }
}
