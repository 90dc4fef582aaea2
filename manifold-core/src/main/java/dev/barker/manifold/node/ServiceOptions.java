package dev.barker.manifold.node;

import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MemoryBudget;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a service listens and how its connections behave; every service's options include these.
 * The limits' defaults are {@link EngineOptions}' constants.
 */
public final class ServiceOptions {

  /** The interface services listen on unless told otherwise: loopback, reachable from this host only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  @Option(names = "--host", description = "Interface to listen on, and the host other services are sent to (default: ${DEFAULT-VALUE}).")
  private String host = DEFAULT_HOST;

  @Option(names = "--port", converter = OptionValues.Port.class, description = "Port for AMQP and AMQP over WebSocket; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  private EngineOptions engine = new EngineOptions();

  @Mixin
  private SecurityOptions security = new SecurityOptions();

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
      description = "A web origin whose pages may open AMQP WebSockets here, e.g. http://barker.example:8080; repeatable, * for any (default: pages from this host only).")
  private void allowedOrigins(List<String> origins) {
    engine.allowedOrigins(origins);
  }

  @Option(names = "--max-connections", converter = OptionValues.AtLeastOne.class, paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_MAX_CONNECTIONS,
      description = "Connections held at once; more are closed with amqp:resource-limit-exceeded (default: ${DEFAULT-VALUE}).")
  private void maxConnections(int connections) {
    engine.maxConnections(connections);
  }

  @Option(names = "--max-sessions", converter = OptionValues.AtLeastOne.class, paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_MAX_SESSIONS,
      description = "Sessions a peer may begin on one connection (default: ${DEFAULT-VALUE}).")
  private void maxSessions(int sessions) {
    engine.maxSessions(sessions);
  }

  @Option(names = "--max-links", converter = OptionValues.AtLeastOne.class, paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_MAX_LINKS,
      description = "Links attached at once on one connection (default: ${DEFAULT-VALUE}).")
  private void maxLinks(int links) {
    engine.maxLinks(links);
  }

  @Option(names = "--max-frame-size", converter = OptionValues.AtLeastOne.class, paramLabel = "BYTES", defaultValue = "" + EngineOptions.DEFAULT_MAX_FRAME_SIZE,
      description = "Largest AMQP frame accepted (default: ${DEFAULT-VALUE}).")
  private void maxFrameSize(int bytes) {
    engine.maxFrameSize(bytes);
  }

  @Option(names = "--max-message-size", converter = OptionValues.AtLeastOne.class, paramLabel = "BYTES", defaultValue = "" + EngineOptions.DEFAULT_MAX_MESSAGE_SIZE,
      description = "Largest message accepted on a link (default: ${DEFAULT-VALUE}).")
  private void maxMessageSize(int bytes) {
    engine.maxMessageSize(bytes);
  }

  @Option(names = "--max-address-length", converter = OptionValues.AtLeastOne.class, paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_MAX_ADDRESS_LENGTH,
      description = "Longest address a link may attach with, in characters (default: ${DEFAULT-VALUE}).")
  private void maxAddressLength(int characters) {
    engine.maxAddressLength(characters);
  }

  @Option(names = "--max-connections-per-source", converter = OptionValues.AtLeastOne.class, paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
      description = "Connections one source address may hold at once; more are closed at once (default: ${DEFAULT-VALUE}).")
  private void maxConnectionsPerSource(int connections) {
    engine.maxConnectionsPerSource(connections);
  }

  @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "" + EngineOptions.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
      description = "Time a peer has from connecting to its AMQP open (SASL and WebSocket upgrade included) before it is dropped (default: ${DEFAULT-VALUE}).")
  private void handshakeTimeout(double seconds) {
    engine.handshakeTimeout(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  @Option(names = "--max-memory", paramLabel = "SIZE", description = "Memory budget of this service, e.g. 96m or 1g: what its "
      + "connections, links, deliveries and messages may hold together; at it, producers get no credit and new connections, "
      + "links and streams are refused (default: half the JVM's maximum heap).")
  private void maxMemory(String size) {
    engine.memoryBudget(new MemoryBudget(bytes(size)));
  }

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + EngineOptions.DEFAULT_IDLE_TIMEOUT_SECONDS,
      description = "Silence after which a peer is taken for dead and dropped; 0 never (default: ${DEFAULT-VALUE}).")
  private void idleTimeout(double seconds) {
    engine.idleTimeout(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /** {@code 96m}, {@code 1g}, {@code 65536k} or plain bytes. */
  private static long bytes(String size) {
    String digits = size.trim().toLowerCase();
    int shift = switch (digits.isEmpty() ? ' ' : digits.charAt(digits.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    try {
      return Long.parseLong(shift == 0 ? digits : digits.substring(0, digits.length() - 1)) << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-memory takes a size such as 96m or 1g, not '" + size + "'");
    }
  }

  /** Options listening on {@link #DEFAULT_HOST}, on {@code port}. */
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

  /** The service's security options: the files it reads when it starts (see {@link SecurityOptions#load(EngineOptions)}). */
  public SecurityOptions security() {
    return security;
  }

  /** The same options but for {@code value} as the port (they share their engine and security options). */
  public ServiceOptions withPort(int value) {
    ServiceOptions copy = new ServiceOptions(value);
    copy.host = host;
    copy.engine = engine;
    copy.security = security;
    return copy;
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
