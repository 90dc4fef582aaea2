package dev.barker.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.EngineOptions;
import picocli.CommandLine.Option;

/** Where the directory listens. Defaults are the ones {@code barker directory --help} shows. */
public final class DirectoryOptions {

  @Option(names = "--host", description = "Interface to listen on and host name in addresses (default: ${DEFAULT-VALUE}).")
  private String host = "127.0.0.1";

  @Option(names = "--port", description = "Port for AMQP and AMQP over WebSocket; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = Address.DEFAULT_PORT;

  private EngineOptions engine = new EngineOptions();

  /** Interface to listen on. */
  public String host() {
    return host;
  }

  /** Sets the interface to listen on. */
  public DirectoryOptions host(String value) {
    this.host = value;
    return this;
  }

  /** Port to listen on (0: any free port). */
  public int port() {
    return port;
  }

  /** Sets the port to listen on (0: any free port). */
  public DirectoryOptions port(int value) {
    this.port = value;
    return this;
  }

  /** Options of the directory's connections. */
  public EngineOptions engine() {
    return engine;
  }

  /** Sets the options of the directory's connections. */
  public DirectoryOptions engine(EngineOptions value) {
    this.engine = value;
    return this;
  }
}
