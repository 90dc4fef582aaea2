package dev.barker.monitoring;

import dev.barker.manifold.Address;
import dev.barker.manifold.node.ServiceOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the monitor listens (AMQP, and HTTP for the dashboard and /metrics) and which directory it watches. */
public final class MonitorOptions {

  /** The monitor's AMQP port. */
  public static final int DEFAULT_PORT = 6000;

  @Mixin
  private ServiceOptions service = new ServiceOptions(DEFAULT_PORT);

  @Option(names = {"-d", "--directory"}, paramLabel = "//HOST[:PORT]/directory",
      description = "The directory whose services it watches (default: ${DEFAULT-VALUE}).")
  private String directory = "//127.0.0.1/directory";

  @Option(names = "--http-port", description = "HTTP port of the dashboard, /metrics and /health; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int httpPort = 6001;

  /** Where it listens for AMQP. */
  public ServiceOptions service() {
    return service;
  }

  /** The directory watched. */
  public Address directory() {
    return Address.parse(directory).directory();
  }

  /** Watches the directory at {@code address}. */
  public MonitorOptions directory(Address address) {
    this.directory = address.directory().toString();
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
