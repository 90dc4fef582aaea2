package dev.barker.manifold.engine;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How every AMQP connection of a process behaves. The defaults suit a local network; each setter
 * returns {@code this}.
 */
public final class EngineOptions {

  /**
   * Largest AMQP frame we accept; advertised in our open so peers (rhea) split larger messages.
   * Proton keeps an input and an output buffer of this size per connection, so it is most of what a
   * connection costs: 16 KiB, as Qpid Dispatch Router's default.
   */
  public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024;
  /** {@link #DEFAULT_IDLE_TIMEOUT} in seconds. */
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 15;
  /** Silence after which a peer is taken for dead; half of it is advertised so peers heartbeat. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
  /** Largest message (all its transfer frames together) accepted on a link. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
  /** Connections a listener holds at once; more are opened and closed at once, saying why. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Sessions a peer may begin on one connection. */
  public static final int DEFAULT_MAX_SESSIONS = 256;
  /** Links one connection may have attached at once (a {@code Linker} opens another connection beyond it). */
  public static final int DEFAULT_MAX_LINKS = 10_000;
  /** Longest source or target address a peer may attach with, in characters. */
  public static final int DEFAULT_MAX_ADDRESS_LENGTH = 1_024;
  /** {@link #DEFAULT_HANDSHAKE_TIMEOUT} in seconds. */
  public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 5;
  /** How long a peer has from connecting to completing its AMQP open (SASL and WebSocket upgrade included). */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
  /** Connections one source address may hold at once on a listener. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 100;
  /** What the budget is charged per session a peer begins (proton's session state and its windows). */
  public static final int SESSION_COST = 4 * 1024;
  /** What the budget is charged per link a peer attaches (proton's link state and ours). */
  public static final int LINK_COST = 2 * 1024;
  /** What the budget is charged per connection beyond its two frame buffers (sockets, proton, ours). */
  private static final int CONNECTION_BASE_COST = 48 * 1024;

  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxSessions = DEFAULT_MAX_SESSIONS;
  private int maxLinks = DEFAULT_MAX_LINKS;
  private int maxAddressLength = DEFAULT_MAX_ADDRESS_LENGTH;
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private int maxConnectionsPerSource = DEFAULT_MAX_CONNECTIONS_PER_SOURCE;
  private MemoryBudget memoryBudget = MemoryBudget.processDefault();
  private final LoginThrottle loginThrottle = new LoginThrottle();
  private String localAddress;
  private String containerId = "barker-" + UUID.randomUUID();
  private List<String> allowedOrigins = List.of();
  private HttpGetHandler httpGetHandler;
  private Authenticator authenticator;
  private Admission admission;
  private String user;
  private String password;
  private Tls tls;

  /** What answers a plain HTTP GET on a listener's port, or null (then such a GET gets HTTP 400). */
  public HttpGetHandler httpGetHandler() {
    return httpGetHandler;
  }

  /** Answers plain HTTP GETs on a listener's port with {@code handler} (health probes, metrics). */
  public EngineOptions httpGetHandler(HttpGetHandler handler) {
    this.httpGetHandler = handler;
    return this;
  }

  /** Largest AMQP frame we accept, in bytes. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Sets the largest AMQP frame we accept, in bytes (at least 512, the AMQP minimum). */
  public EngineOptions maxFrameSize(int bytes) {
    if (bytes < 512) {
      throw new IllegalArgumentException("max frame size " + bytes + " is below the AMQP minimum of 512");
    }
    this.maxFrameSize = bytes;
    return this;
  }

  /** The WebSocket frame limit: room for one whole AMQP frame plus headers. */
  public int maxWebSocketFrameSize() {
    return 2 * maxFrameSize;
  }

  /** Silence after which a connection is closed as dead. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Sets the silence after which a connection is closed as dead; zero disables the check. */
  public EngineOptions idleTimeout(Duration timeout) {
    this.idleTimeout = timeout;
    return this;
  }

  /** Largest message accepted on a link, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Sets the largest message accepted on a link, in bytes. */
  public EngineOptions maxMessageSize(int bytes) {
    this.maxMessageSize = bytes;
    return this;
  }

  /** Connections a listener holds at once. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Sets how many connections a listener holds at once. */
  public EngineOptions maxConnections(int connections) {
    this.maxConnections = atLeastOne(connections, "max connections");
    return this;
  }

  /** Sessions a peer may begin on one connection. */
  public int maxSessions() {
    return maxSessions;
  }

  /** Sets how many sessions a peer may begin on one connection (at most 65,536, AMQP's channels). */
  public EngineOptions maxSessions(int sessions) {
    if (sessions > 65_536) {
      throw new IllegalArgumentException("max sessions " + sessions + " is above AMQP's 65536 channels");
    }
    this.maxSessions = atLeastOne(sessions, "max sessions");
    return this;
  }

  /** Links one connection may have attached at once. */
  public int maxLinks() {
    return maxLinks;
  }

  /** Sets how many links one connection may have attached at once. */
  public EngineOptions maxLinks(int links) {
    this.maxLinks = atLeastOne(links, "max links");
    return this;
  }

  /** Longest address a peer may attach with, in characters. */
  public int maxAddressLength() {
    return maxAddressLength;
  }

  /** Sets the longest address a peer may attach with, in characters. */
  public EngineOptions maxAddressLength(int characters) {
    this.maxAddressLength = atLeastOne(characters, "max address length");
    return this;
  }

  /** How long a peer has from connecting to completing its AMQP open; then it is dropped. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Sets how long a peer has from connecting to completing its AMQP open (SASL and WebSocket upgrade included). */
  public EngineOptions handshakeTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("handshake timeout must be positive, not " + timeout);
    }
    this.handshakeTimeout = timeout;
    return this;
  }

  /** Connections one source address may hold at once on a listener. */
  public int maxConnectionsPerSource() {
    return maxConnectionsPerSource;
  }

  /** Sets how many connections one source address may hold at once on a listener. */
  public EngineOptions maxConnectionsPerSource(int connections) {
    this.maxConnectionsPerSource = atLeastOne(connections, "max connections per source");
    return this;
  }

  /** The memory budget connections, sessions, links, deliveries and stored messages are charged to. */
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  /** Sets the memory budget (by default {@link MemoryBudget#processDefault()}, shared by the process's services). */
  public EngineOptions memoryBudget(MemoryBudget budget) {
    this.memoryBudget = budget;
    return this;
  }

  /** The local address connections we open go out from; null lets the system choose. */
  public String localAddress() {
    return localAddress;
  }

  /** Makes connections we open go out from {@code address} (on a host with several). */
  public EngineOptions localAddress(String address) {
    this.localAddress = address;
    return this;
  }

  /** The failed logins of these options' listeners, per source address. */
  public LoginThrottle loginThrottle() {
    return loginThrottle;
  }

  /** What one connection is charged: its two frame buffers and the rest (measured: about this much). */
  public long connectionCost() {
    return 2L * maxFrameSize + CONNECTION_BASE_COST;
  }

  /** The AMQP container id we announce in our open frames. */
  public String containerId() {
    return containerId;
  }

  /** Sets the AMQP container id we announce. */
  public EngineOptions containerId(String id) {
    this.containerId = id;
    return this;
  }

  /**
   * Web origins (e.g. {@code http://barker.example:8080}) whose pages may open AMQP WebSockets to
   * our listeners; empty (the default) allows pages from the listener's own host only, {@code *}
   * allows any. Clients that send no Origin (non-browsers) are always allowed.
   */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Sets the web origins allowed to open AMQP WebSockets. */
  public EngineOptions allowedOrigins(List<String> origins) {
    this.allowedOrigins = List.copyOf(origins);
    return this;
  }

  /** Who checks peers' SASL PLAIN credentials on our listeners; null lets anyone in anonymously. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * Makes our listeners require SASL PLAIN, checked by {@code authenticator}: a peer that skips
   * SASL or fails it is closed before any AMQP frame of its is acted on.
   */
  public EngineOptions authenticator(Authenticator checker) {
    this.authenticator = checker;
    return this;
  }

  /** What authenticated peers may attach to; null allows everything. */
  public Admission admission() {
    return admission;
  }

  /** Sets what authenticated peers may attach to; other links get {@code amqp:unauthorized-access}. */
  public EngineOptions admission(Admission rules) {
    this.admission = rules;
    return this;
  }

  /** The name we log in with (SASL PLAIN) when we connect; null for ANONYMOUS. */
  public String user() {
    return user;
  }

  /** The password that goes with {@link #user()}. */
  public String password() {
    return password;
  }

  /** Makes our outgoing connections log in as {@code name} with SASL PLAIN. */
  public EngineOptions login(String name, String secret) {
    this.user = name;
    this.password = secret;
    return this;
  }

  /** TLS for our listeners and our connections; null for plain TCP. */
  public Tls tls() {
    return tls;
  }

  /** Makes listeners speak TLS only, and connections we open use TLS, per {@code settings}. */
  public EngineOptions tls(Tls settings) {
    this.tls = settings;
    return this;
  }

  /** True when peers must authenticate, over TLS: then listening beyond loopback is safe. */
  public boolean isSecured() {
    return authenticator != null && tls != null;
  }

  /** {@code value}, or an {@link IllegalArgumentException} naming {@code what} when it is below 1. */
  public static int atLeastOne(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, not " + value);
    }
    return value;
  }
}
