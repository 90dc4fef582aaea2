package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.stream.RedisLocation;
import dev.barker.manifold.stream.StreamLimits;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A manifold's settings; the defaults are the ones {@code barker manifold --help} shows. */
public final class ManifoldOptions {

  /** Messages per sub-address a new subscriber gets first. */
  public static final int DEFAULT_HISTORY = 0;
  /** Bytes of history per sub-address, at most. */
  public static final long DEFAULT_HISTORY_BYTES = 1024 * 1024;
  /** Messages per sub-address awaiting the push target, or owed to the slowest subscriber. */
  public static final int DEFAULT_MAX_BACKLOG = 10_000;
  /** Bytes one sub-address may hold before its producers get no more credit. */
  public static final long DEFAULT_MAX_STREAM_BYTES = 64L * 1024 * 1024;
  /** Sub-addresses one manifold holds at most. */
  public static final int DEFAULT_MAX_STREAMS = 100_000;
  /** How long a subscriber holding producers back may take nothing before it is detached, in seconds. */
  public static final int DEFAULT_SUBSCRIBER_TIMEOUT_SECONDS = 10;
  /** Recent message-ids per sub-address remembered for dedupe. */
  public static final int DEFAULT_DEDUPE_WINDOW = 1_000;
  /** Streams named in each agent report (and so in /metrics), the largest first. */
  public static final int DEFAULT_TOP_STREAMS = 10;

  @Option(names = "--event-loops", converter = OptionValues.AtLeastOne.class, paramLabel = "N", description = "Event loops "
      + "(cores) to serve with: N instances in this process, each on its own loop and port (--port, --port + 1, ...; each a "
      + "free one with --port 0), each with these limits, sharing the sub-addresses by consistent hashing (default: ${DEFAULT-VALUE}).")
  private int eventLoops = 1;

  @Parameters(index = "0", paramLabel = "ADDRESS", description = "Address to serve, with every sub-address under it, e.g. //127.0.0.1/inbox.")
  private String address;

  @Mixin
  private ServiceOptions service = new ServiceOptions(0);

  @Option(names = "--push", paramLabel = "ADDRESS", description = "Forward every stream to this address, at least once, e.g. //127.0.0.1/bizlogic.")
  private String push;

  @Option(names = "--history", converter = OptionValues.NotNegative.class, paramLabel = "N", description = "Messages per sub-address a new subscriber gets first (default: ${DEFAULT-VALUE}).")
  private int history = DEFAULT_HISTORY;

  @Option(names = "--history-bytes", paramLabel = "BYTES", description = "Bytes of history per sub-address at most, whatever --history allows (default: ${DEFAULT-VALUE}).")
  private long historyBytes = DEFAULT_HISTORY_BYTES;

  @Option(names = "--store", paramLabel = "DIR|URL", description = "Keep streams on disk in DIR (accepted messages survive kill -9), "
      + "or in Redis: redis://HOST:PORT[/DB], rediss://... for TLS, or redis-sentinel://H1:P1,H2:P2,H3:P3/MASTER (rediss-sentinel://... for "
      + "TLS to the sentinels and the primary) (they "
      + "survive the loss of this machine, and another manifold serving the address takes its streams over) "
      + "(default: memory only).")
  private String store;

  @Mixin
  private RedisStoreOptions redis = new RedisStoreOptions();

  @Option(names = "--max-backlog", converter = OptionValues.AtLeastOne.class, paramLabel = "M", description = "Messages per sub-address awaiting the push target, or owed to the slowest subscriber, before producers get no more credit (default: ${DEFAULT-VALUE}).")
  private int maxBacklog = DEFAULT_MAX_BACKLOG;

  @Option(names = "--max-stream-bytes", paramLabel = "BYTES", description = "Bytes one sub-address may hold (history, backlog, what subscribers are owed) before its producers get no more credit (default: ${DEFAULT-VALUE}).")
  private long maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;

  @Option(names = "--max-streams", converter = OptionValues.AtLeastOne.class, paramLabel = "N", description = "Sub-addresses held at once; a link to a new one beyond it is refused with amqp:resource-limit-exceeded, as it is while the memory budget is nearly spent (default: ${DEFAULT-VALUE}).")
  private int maxStreams = DEFAULT_MAX_STREAMS;

  @Option(names = "--subscriber-timeout", converter = OptionValues.Positive.class, paramLabel = "SECONDS", description = "How long a subscriber owed at least half of --max-backlog may take nothing before it is detached, so it holds producers back no longer (default: ${DEFAULT-VALUE}).")
  private double subscriberTimeoutSeconds = DEFAULT_SUBSCRIBER_TIMEOUT_SECONDS;

  @Option(names = "--dedupe-window", converter = OptionValues.NotNegative.class, paramLabel = "N", description = "Recent message-ids per sub-address remembered to drop redelivered copies (default: ${DEFAULT-VALUE}).")
  private int dedupeWindow = DEFAULT_DEDUPE_WINDOW;

  @Option(names = "--top-streams", converter = OptionValues.NotNegative.class, paramLabel = "N", description = "Streams named in each agent report, and so with series "
      + "of their own in /metrics: the N with the largest push backlog, then the most messages (default: ${DEFAULT-VALUE}).")
  private int topStreams = DEFAULT_TOP_STREAMS;

  /** Options for a manifold at {@code address}; set the rest with the fluent setters. */
  public ManifoldOptions(String address) {
    this.address = address;
  }

  /** For the command line, which sets the address. */
  ManifoldOptions() {
  }

  /** The address served. */
  public Address address() {
    return Address.parse(address);
  }

  /** Where it listens. */
  public ServiceOptions service() {
    return service;
  }

  /** The push address, or null. */
  public Address push() {
    return push == null ? null : Address.parse(push);
  }

  /** Forwards every stream to {@code address}. */
  public ManifoldOptions push(String address) {
    this.push = address;
    return this;
  }

  /** Messages per sub-address a new subscriber gets first. */
  public ManifoldOptions history(int messages) {
    this.history = messages;
    return this;
  }

  /** The store directory, or null for memory only or Redis. */
  public Path store() {
    return store == null || RedisLocation.isRedis(store) ? null : Path.of(store);
  }

  /** Keeps streams on disk in {@code directory}. */
  public ManifoldOptions store(Path directory) {
    this.store = directory.toString();
    return this;
  }

  /**
   * Where in Redis streams are kept, or null when they are not.
   *
   * @throws IllegalArgumentException when {@code --store} is not a well-formed Redis URL
   */
  public RedisLocation redis() {
    return store == null || !RedisLocation.isRedis(store) ? null : redis.location(store);
  }

  /** Keeps streams in Redis at {@code url} (see {@code --store}). */
  public ManifoldOptions redis(String url) {
    this.store = url;
    return this;
  }

  /** How appends to Redis are made safe. */
  public RedisStoreOptions redisOptions() {
    return redis;
  }

  /** Messages per sub-address awaiting the push target before producers are stopped. */
  public ManifoldOptions maxBacklog(int messages) {
    this.maxBacklog = messages;
    return this;
  }

  /** How long a subscriber holding producers back may take nothing before it is detached. */
  public ManifoldOptions subscriberTimeout(Duration timeout) {
    this.subscriberTimeoutSeconds = timeout.toMillis() / 1000.0;
    return this;
  }

  /** Recent message-ids per sub-address remembered for dedupe. */
  public ManifoldOptions dedupeWindow(int ids) {
    this.dedupeWindow = ids;
    return this;
  }

  /** Event loops to serve with, each a manifold instance of its own. */
  public int eventLoops() {
    return eventLoops;
  }

  /** Serves with {@code loops} event loops: that many instances, sharing the sub-addresses. */
  public ManifoldOptions eventLoops(int loops) {
    this.eventLoops = loops;
    return this;
  }

  /** The limits of an ordinary stream. */
  StreamLimits limits() {
    return new StreamLimits(history, maxBacklog, dedupeWindow, subscriberTimeoutMillis(), producerWindow(),
        historyBytes, maxStreamBytes);
  }

  /** Streams named in each agent report. */
  public int topStreams() {
    return topStreams;
  }

  /** Sets how many streams each agent report names. */
  public ManifoldOptions topStreams(int streams) {
    this.topStreams = streams;
    return this;
  }

  /** Sub-addresses held at once. */
  public int maxStreams() {
    return maxStreams;
  }

  /** Sets how many sub-addresses may be held at once. */
  public ManifoldOptions maxStreams(int streams) {
    this.maxStreams = streams;
    return this;
  }

  /** Sets the bytes of history per sub-address at most. */
  public ManifoldOptions historyBytes(long bytes) {
    this.historyBytes = bytes;
    return this;
  }

  /** Sets the bytes one sub-address may hold before its producers get no more credit. */
  public ManifoldOptions maxStreamBytes(long bytes) {
    this.maxStreamBytes = bytes;
    return this;
  }

  /** The limits of a dead-letter stream: it keeps up to the backlog limit, so nothing goes unseen. */
  StreamLimits deadLetterLimits() {
    return new StreamLimits(maxBacklog, maxBacklog, dedupeWindow, subscriberTimeoutMillis(), producerWindow(),
        maxStreamBytes, maxStreamBytes);
  }

  /**
   * In memory an append is stored at once, so 100 in flight per producer keep it busy. On disk (or
   * in Redis) one waits for its group's commit: under load the loop's turn, the batch's write and
   * its fsync, about 10 ms here. At 1,000 per producer the durable hop's two producers sat on
   * credit with the loop at 0.75 cores; at 3,000 the loop is the limit (0.87-0.95 cores).
   */
  private int producerWindow() {
    return store == null ? 100 : 3_000;
  }

  private long subscriberTimeoutMillis() {
    return Math.round(subscriberTimeoutSeconds * 1000);
  }
}
