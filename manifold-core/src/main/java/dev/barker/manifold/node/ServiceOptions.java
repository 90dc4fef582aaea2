package dev.barker.manifold.node;

import dev.barker.manifold.engine.EngineOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a service listens; every service's options include these. */
public final class ServiceOptions {

  @Option(names = "--host", description = "Interface to listen on, and the host other services are sent to (default: ${DEFAULT-VALUE}).")
  private String host = "127.0.0.1";

  @Option(names = "--port", description = "Port for AMQP and AMQP over WebSocket; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  private EngineOptions engine = new EngineOptions();

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
      description = "A web origin whose pages may open AMQP WebSockets here, e.g. http://barker.example:8080; repeatable, * for any (default: pages from this host only).")
  private void allowedOrigins(List<String> origins) {
    engine.allowedOrigins(origins);
  }

  /** Options listening on 127.0.0.1, on {@code port}. */
  public ServiceOptions(int port) {
    this.port = port;
  }

  /** Interface to listen on. */
  public String host() {
    return host;
  }

  /** Sets the interface to listen on. */
  public ServiceOptions host(String value) {
    this.host = value;
    return this;
  }

  /** Port to listen on (0: any free one). */
  public int port() {
    return port;
  }

  /** Sets the port to listen on (0: any free one). */
  public ServiceOptions port(int value) {
    this.port = value;
    return this;
  }

  /** Options of the service's connections. */
  public EngineOptions engine() {
    return engine;
  }

  /** Sets the options of the service's connections. */
  public ServiceOptions engine(EngineOptions value) {
    this.engine = value;
    return this;
  }
}
