package dev.barker.monitoring;

import dev.barker.manifold.Address;
import dev.barker.manifold.node.DirectoryOption;
import dev.barker.manifold.node.OptionValues;
import dev.barker.manifold.node.ServiceOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the monitor listens (AMQP, and HTTP for the dashboard and /metrics) and which directory it watches. */
public final class MonitorOptions {

  /** The monitor's AMQP port. */
  public static final int DEFAULT_PORT = 5830;
  /** The port of the dashboard, /metrics and /health. */
  public static final int DEFAULT_HTTP_PORT = 5831;

  @Mixin
  private ServiceOptions service = new ServiceOptions(DEFAULT_PORT);

  @Mixin
  private DirectoryOption directory = new DirectoryOption();

  @Option(names = "--http-port", converter = OptionValues.Port.class, paramLabel = "PORT", description = "HTTP port of the dashboard, /metrics and /health; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int httpPort = DEFAULT_HTTP_PORT;

  /** Where it listens for AMQP. */
  public ServiceOptions service() {
    return service;
  }

  /** The directory watched. */
  public Address directory() {
    return directory.directory();
  }

  /** Watches the directory at {@code address}. */
  public MonitorOptions directory(Address address) {
    directory.directory(address);
    return this;
  }

  /** The HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** Sets the HTTP port (0: any free one). */
  public MonitorOptions httpPort(int port) {
    this.httpPort = port;
    return this;
  }
}
