package dev.barker.manifold.link;

import dev.barker.manifold.engine.EngineOptions;
import java.time.Duration;

/** How a {@link Linker}'s links connect, resolve and buffer. Each setter returns {@code this}. */
public final class LinkerOptions {

  /** Redirects followed for one attach before giving up (and retrying later). */
  public static final int DEFAULT_MAX_REDIRECTS = 5;
  /** Messages a sender holds (queued plus unacknowledged) before callers are pushed back. */
  public static final int DEFAULT_SENDER_BUFFER = 1_000;
  /** Credit a receiver keeps open with its peer. */
  public static final int DEFAULT_RECEIVER_WINDOW = 100;
  /** Message-ids a receiver remembers, so that a relink's replayed history reaches its handler once. */
  public static final int DEFAULT_RECEIVER_DEDUPE = 1_000;
  /** How long the peer may take to answer an attach. */
  public static final Duration DEFAULT_ATTACH_TIMEOUT = Duration.ofSeconds(10);

  private EngineOptions engine = new EngineOptions();
  private boolean webSocket;
  private int maxRedirects = DEFAULT_MAX_REDIRECTS;
  private int senderBuffer = DEFAULT_SENDER_BUFFER;
  private int receiverWindow = DEFAULT_RECEIVER_WINDOW;
  private int receiverDedupe = DEFAULT_RECEIVER_DEDUPE;
  private Duration attachTimeout = DEFAULT_ATTACH_TIMEOUT;
  private int linksPerConnection = EngineOptions.DEFAULT_MAX_LINKS;
  private Duration backoffInitial = Backoff.DEFAULT_INITIAL;
  private Duration backoffCap = Backoff.DEFAULT_CAP;

  /** Options of the connections links run on. */
  public EngineOptions engine() {
    return engine;
  }

  /** Sets the options of the connections links run on. */
  public LinkerOptions engine(EngineOptions options) {
    this.engine = options;
    return this;
  }

  /** True when connections go over WebSocket instead of plain TCP. */
  public boolean webSocket() {
    return webSocket;
  }

  /** Makes connections go over WebSocket (subprotocol amqp) instead of plain TCP. */
  public LinkerOptions webSocket(boolean enabled) {
    this.webSocket = enabled;
    return this;
  }

  /** Redirects followed for one attach. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** Sets the redirects followed for one attach. */
  public LinkerOptions maxRedirects(int hops) {
    this.maxRedirects = hops;
    return this;
  }

  /** Messages a sender holds before {@link Sender#isFull()}. */
  public int senderBuffer() {
    return senderBuffer;
  }

  /** Sets the messages a sender holds before {@link Sender#isFull()}. */
  public LinkerOptions senderBuffer(int messages) {
    this.senderBuffer = messages;
    return this;
  }

  /** Credit a receiver keeps open. */
  public int receiverWindow() {
    return receiverWindow;
  }

  /** Sets the credit a receiver keeps open. */
  public LinkerOptions receiverWindow(int credits) {
    this.receiverWindow = credits;
    return this;
  }

  /** Message-ids a receiver remembers to drop what a relink sends again. */
  public int receiverDedupe() {
    return receiverDedupe;
  }

  /** Sets the message-ids a receiver remembers; 0 hands every delivery to the handler. */
  public LinkerOptions receiverDedupe(int ids) {
    this.receiverDedupe = ids;
    return this;
  }

  /** How long the peer may take to answer an attach. */
  public Duration attachTimeout() {
    return attachTimeout;
  }

  /** Sets how long the peer may take to answer an attach. */
  public LinkerOptions attachTimeout(Duration timeout) {
    this.attachTimeout = timeout;
    return this;
  }

  /**
   * Links carried by one connection before the next link to the same {@code host:port} opens
   * another: at most what the peer allows a connection (the manifold's {@code --max-links},
   * {@value EngineOptions#DEFAULT_MAX_LINKS} by default, as here).
   */
  public int linksPerConnection() {
    return linksPerConnection;
  }

  /** Sets the links carried by one connection before another opens to the same node. */
  public LinkerOptions linksPerConnection(int links) {
    this.linksPerConnection = EngineOptions.atLeastOne(links, "links per connection");
    return this;
  }

  /** A new back-off schedule for one link. */
  Backoff newBackoff() {
    return new Backoff(backoffInitial, backoffCap);
  }

  /** Sets the reconnect back-off: {@code initial} doubling up to {@code cap}, with jitter. */
  public LinkerOptions backoff(Duration initial, Duration cap) {
    this.backoffInitial = initial;
    this.backoffCap = cap;
    return this;
  }
}
