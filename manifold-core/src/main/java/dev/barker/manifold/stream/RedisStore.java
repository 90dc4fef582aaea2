package dev.barker.manifold.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in Redis that several manifolds share, so a stream outlives the manifold (and the
 * machine) that served it, and whichever manifold serves it next reads it back. Each stream is
 * three keys under one hash tag (so Redis Cluster keeps them together): a Redis stream of its
 * entries (ID {@code 0-(seq+1)}), a sorted set of its recent message-ids, and the set of entries
 * its push target acknowledged. One Lua script checks the message-id and appends, atomically: a
 * copy of a message whose entry is gone (delivered, trimmed) is dropped; a copy of one still held
 * (appended by a manifold that died, or by this one when the append was released for want of
 * replicas) moves that entry to the end, so it is served and pushed once more, not twice in Redis.
 *
 * <p>An append is accepted only once the primary has it (Redis replies after its AOF write, which
 * with {@code appendfsync always} is on disk) and {@code minReplicas} replicas acknowledged it
 * ({@code WAIT}); otherwise, or if no answer comes in time, it fails and the stream releases the
 * delivery. Appends made in one event-loop turn share one {@code WAIT}. Acknowledgements and trims
 * are sent without waiting: one lost to a crash means a message is pushed again, which downstream
 * dedupe absorbs. While the connection is down the store fails appends and reconnects (through
 * Sentinel, to whichever server is primary now).
 */
public final class RedisStore implements Store {

  /** The {@code redis-server} arguments a store requires: an AOF, fsynced before each write is answered. */
  public static final List<String> SERVER_SETTINGS = List.of("--appendonly", "yes", "--appendfsync", "always");

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
  /** How long the store waits between attempts to reach Redis again. */
  static final long RECONNECT_MILLIS = 500;
  /** How long an attempt to connect may take. */
  static final long CONNECT_MILLIS = 3_000;
  /**
   * How often an idle connection is asked for a PING, and how long its answer may take: a primary
   * cut off (or stopped) is noticed in seconds, not when the next append times out.
   */
  static final long HEARTBEAT_MILLIS = 1_000;
  static final long HEARTBEAT_TIMEOUT_MILLIS = 2_000;
  /** What Redis says when an entry's ID is not past the stream's last: another manifold appended since this one read it. */
  private static final String BEHIND = "equal or smaller than the target stream top item";
  /**
   * Appends and returns 1; for a message-id whose entry the stream still holds, moves that entry
   * to the new seq and returns 2; for one whose entry is gone (delivered and trimmed), returns 0.
   */
  private static final String APPEND = """
      local moved = 0
      if ARGV[3] ~= '0' then
        local earlier = redis.call('ZSCORE', KEYS[2], ARGV[3])
        if earlier then
          local id = '0-' .. earlier
          if #redis.call('XRANGE', KEYS[1], id, id) == 0 then return 0 end
          redis.call('XDEL', KEYS[1], id)
          moved = 1
        end
      end
      redis.call('XADD', KEYS[1], '0-' .. ARGV[1], 'm', ARGV[2], 'k', ARGV[3], 'p', ARGV[4], 't', ARGV[5])
      if ARGV[3] ~= '0' then
        redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
        redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[6]))
      end
      return 1 + moved
      """;
  /** The last ID the stream ever took, its newest ARGV[1] entries and its acknowledged seqs. */
  private static final String LOAD = """
      local last = '0-0'
      if redis.call('EXISTS', KEYS[1]) == 1 then
        local info = redis.call('XINFO', 'STREAM', KEYS[1])
        for i = 1, #info, 2 do
          if info[i] == 'last-generated-id' then last = info[i + 1] end
        end
      end
      return {last, redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[1]), redis.call('SMEMBERS', KEYS[2])}
      """;

  private final Vertx vertx;
  private final Context context;
  private final RedisLocation location;
  private final Redis client;
  private final String indexPath;
  private final int minReplicas;
  private final Duration replicaTimeout;
  private final int dedupeWindow;
  private final int loadLimit;
  private final Set<String> indexed = new HashSet<>();
  private RedisConnection connection;
  private String failure;
  private List<Waiting> batch = new ArrayList<>();
  private List<Waiting> inFlight = List.of();
  private boolean barrierScheduled;
  private boolean barrierInFlight;
  private boolean heartbeatInFlight;
  private long heartbeat;
  private boolean closed;

  /** An append sent, waiting for the barrier after it. */
  private record Waiting(Future<Response> script, Promise<Boolean> safe) {
  }

  private RedisStore(Vertx vertx, RedisLocation location, String indexPath, int minReplicas, Duration replicaTimeout,
      int dedupeWindow, int loadLimit) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.location = location;
    this.client = Redis.createClient(vertx, location.toOptions());
    this.indexPath = indexPath;
    this.minReplicas = minReplicas;
    this.replicaTimeout = replicaTimeout;
    this.dedupeWindow = dedupeWindow;
    this.loadLimit = loadLimit;
  }

  /**
   * Connects to {@code location} for the streams under {@code indexPath}; fails, saying why, if
   * Redis cannot be reached or does not fsync each write ({@code appendonly yes},
   * {@code appendfsync always}). Each append waits for {@code minReplicas} replicas, at most
   * {@code replicaTimeout}; {@code dedupeWindow} message-ids are kept per stream; a stream is
   * read back with its newest {@code loadLimit} entries at most.
   */
  public static Future<RedisStore> open(Vertx vertx, RedisLocation location, String indexPath, int minReplicas,
      Duration replicaTimeout, int dedupeWindow, int loadLimit) {
    RedisStore store = new RedisStore(vertx, location, indexPath, minReplicas, replicaTimeout, dedupeWindow, loadLimit);
    return store.connect().map(v -> {
      store.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> store.beat());
      return store;
    });
  }

  @Override
  public Future<Boolean> append(String stream, Entry entry) {
    if (connection == null) {
      return Future.failedFuture(new StoreFailedException(failure));
    }
    index(stream);
    Future<Response> script = connection.send(Request.cmd(Command.EVAL).arg(APPEND).arg(2)
        .arg(key(stream, "log")).arg(key(stream, "ids"))
        .arg(entry.seq() + 1).arg(entry.bytes()).arg(entry.messageIdKey()).arg(entry.isPending() ? 1 : 0)
        .arg(entry.appendedAtMillis()).arg(dedupeWindow));
    Promise<Boolean> safe = Promise.promise();
    batch.add(new Waiting(script, safe));
    if (!barrierScheduled && !barrierInFlight) {
      barrierScheduled = true;
      context.runOnContext(v -> {
        barrierScheduled = false;
        sendBarrier();
      });
    }
    return safe.future();
  }

  @Override
  public void acknowledge(String stream, long seq) {
    send(Request.cmd(Command.SADD).arg(key(stream, "acked")).arg(seq));
  }

  @Override
  public void remove(String stream, long seq) {
    send(Request.cmd(Command.XDEL).arg(key(stream, "log")).arg("0-" + (seq + 1)));
    send(Request.cmd(Command.SREM).arg(key(stream, "acked")).arg(seq));
  }

  @Override
  public String failure() {
    return failure;
  }

  /** Nothing at start: each stream is read when a manifold first serves it. */
  @Override
  public Future<Map<String, List<Entry>>> load() {
    return Future.succeededFuture(Map.of());
  }

  @Override
  public Future<StreamState> loadStream(String stream) {
    if (connection == null) {
      return Future.failedFuture(new StoreFailedException(failure));
    }
    return connection.send(Request.cmd(Command.EVAL).arg(LOAD).arg(2).arg(key(stream, "log")).arg(key(stream, "acked"))
        .arg(loadLimit)).map(RedisStore::state);
  }

  @Override
  public Future<List<String>> streamsUnder(String path) {
    if (connection == null) {
      return Future.failedFuture(new StoreFailedException(failure));
    }
    return connection.send(Request.cmd(Command.SMEMBERS).arg(indexKey(path))).map(members -> {
      List<String> names = new ArrayList<>();
      members.forEach(member -> names.add(member.toString()));
      return names;
    });
  }

  @Override
  public boolean isShared() {
    return true;
  }

  @Override
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(heartbeat);
    return client.close();
  }

  /** Pings an idle connection; one that does not answer in time is taken as lost. */
  private void beat() {
    RedisConnection beating = connection;
    if (beating == null || barrierInFlight || heartbeatInFlight) {
      return; // a barrier in flight has a guard of its own
    }
    heartbeatInFlight = true;
    long guard = vertx.setTimer(HEARTBEAT_TIMEOUT_MILLIS, id -> lost(beating, "no answer to a PING within "
        + HEARTBEAT_TIMEOUT_MILLIS + " ms"));
    beating.send(Request.cmd(Command.PING)).onComplete(answered -> {
      vertx.cancelTimer(guard);
      heartbeatInFlight = false;
    });
  }

  private static StreamState state(Response loaded) {
    long nextSeq = seqOf(loaded.get(0).toString()) + 1;
    Set<Long> acked = new HashSet<>();
    loaded.get(2).forEach(seq -> acked.add(seq.toLong()));
    List<Entry> entries = new ArrayList<>();
    Response newestFirst = loaded.get(1);
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      Response item = newestFirst.get(i);
      long seq = seqOf(item.get(0).toString());
      Map<String, Response> fields = new HashMap<>();
      Response pairs = item.get(1);
      for (int f = 0; f + 1 < pairs.size(); f += 2) {
        fields.put(pairs.get(f).toString(), pairs.get(f + 1));
      }
      entries.add(new Entry(seq, fields.get("m").toBytes(), fields.get("k").toLong(),
          fields.get("p").toInteger() == 1 && !acked.contains(seq), fields.get("t").toLong()));
    }
    return new StreamState(entries, nextSeq);
  }

  /** The seq of ID {@code 0-N}: N - 1 (so {@code 0-0}, no entry yet, is -1). */
  private static long seqOf(String id) {
    return Long.parseLong(id.substring(id.indexOf('-') + 1)) - 1;
  }

  /** Sends a {@code WAIT} (or, with no replicas to wait for, a {@code PING}) after the appends sent so far. */
  private void sendBarrier() {
    if (batch.isEmpty() || connection == null) {
      failAll(batch, failure);
      batch = new ArrayList<>();
      return;
    }
    List<Waiting> appends = batch;
    batch = new ArrayList<>();
    inFlight = appends;
    barrierInFlight = true;
    RedisConnection sentOn = connection;
    Request barrier = minReplicas == 0 ? Request.cmd(Command.PING)
        : Request.cmd(Command.WAIT).arg(minReplicas).arg(replicaTimeout.toMillis());
    long guard = vertx.setTimer(replicaTimeout.toMillis() + 2_000, id -> lost(sentOn, "no answer from redis within "
        + (replicaTimeout.toMillis() + 2_000) + " ms"));
    sentOn.send(barrier).onComplete(answered -> {
      vertx.cancelTimer(guard);
      if (sentOn != connection) {
        return; // lost meanwhile: its appends failed then
      }
      barrierInFlight = false;
      long replicas = minReplicas == 0 || answered.failed() ? 0 : answered.result().toLong();
      for (Waiting append : appends) {
        settle(append, answered.succeeded() ? null : answered.cause().getMessage(), replicas);
      }
      if (!batch.isEmpty()) {
        sendBarrier();
      }
    });
  }

  private void settle(Waiting append, String barrierFailure, long replicas) {
    if (append.script().failed() && String.valueOf(append.script().cause().getMessage()).contains(BEHIND)) {
      append.safe().tryFail(new StaleStreamException("another manifold appended to the stream since this one read it"));
    } else if (append.script().failed()) {
      append.safe().tryFail(new StoreFailedException("redis did not append: " + append.script().cause().getMessage()));
    } else if (barrierFailure != null || !append.script().isComplete()) {
      append.safe().tryFail(new StoreFailedException("redis did not confirm the append: " + barrierFailure));
    } else if (replicas < minReplicas) {
      append.safe().tryFail(new StoreFailedException(replicas + " of the " + minReplicas + " replicas required had the "
          + "message within " + replicaTimeout.toMillis() + " ms"));
    } else {
      append.safe().tryComplete(append.script().result().toInteger() > 0);
    }
  }

  private static void failAll(List<Waiting> appends, String why) {
    appends.forEach(append -> append.safe().tryFail(new StoreFailedException(why)));
  }

  private void index(String stream) {
    if (indexed.add(stream)) {
      send(Request.cmd(Command.SADD).arg(indexKey(indexPath)).arg(stream));
    }
  }

  private void send(Request request) {
    if (connection != null) {
      connection.send(request).onFailure(e -> LOG.debug("redis: {} failed: {}", request.command(), e.getMessage()));
    }
  }

  /**
   * Connects, giving up after {@link #CONNECT_MILLIS}: a server that takes the connection and then
   * answers nothing (stopped, or cut off) must not hold the store up.
   */
  private Future<Void> connect() {
    Promise<RedisConnection> attempt = Promise.promise();
    long guard = vertx.setTimer(CONNECT_MILLIS, id -> attempt.tryFail("no answer within " + CONNECT_MILLIS + " ms"));
    Future<RedisConnection> opening = client.connect().recover(this::unreachable)
        .compose(opened -> requireFsyncEachWrite(opened).compose(v -> requireReplicas(opened)).map(opened));
    opening.onComplete(result -> {
      vertx.cancelTimer(guard);
      if (result.failed()) {
        attempt.tryFail(result.cause());
      } else if (!attempt.tryComplete(result.result())) {
        result.result().close(); // too late: given up on
      }
    });
    return attempt.future().map(opened -> {
      connection = opened;
      failure = null;
      opened.exceptionHandler(e -> lost(opened, e.getMessage()));
      opened.endHandler(v -> lost(opened, "connection closed"));
      LOG.info("store: redis at {}", location);
      return null;
    });
  }

  /**
   * A connect that failed, as one line naming where to and why: the innermost cause's message
   * (for TLS, what the handshake found, such as a certificate not trusted), not the wrapper's.
   */
  private <T> Future<T> unreachable(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String hint = cause instanceof GeneralSecurityException || error instanceof SSLException
        ? " (with a certificate of your own, --redis-tls-trust names it)" : "";
    return Future.failedFuture("cannot reach redis at " + location + ": " + why + hint);
  }

  /**
   * Behind Sentinel, fails (and closes) unless the server is a primary with at least
   * {@code minReplicas} replicas: a primary that was stopped or cut off and comes back still
   * believes it is one, with no replicas, until Sentinel demotes it, and what it would serve
   * meanwhile is behind the primary Sentinel chose. A single server is taken as it is (its appends
   * are released while it lacks replicas).
   */
  private Future<Void> requireReplicas(RedisConnection opened) {
    if (location.sentinels().isEmpty() || minReplicas == 0) {
      return Future.succeededFuture();
    }
    return opened.send(Request.cmd(Command.ROLE)).compose(role -> {
      int replicas = role.size() > 2 && role.get(2) != null ? role.get(2).size() : 0;
      if ("master".equals(role.get(0).toString()) && replicas >= minReplicas) {
        return Future.succeededFuture();
      }
      opened.close();
      return Future.failedFuture("the server Sentinel named is a " + role.get(0) + " with " + replicas + " replicas, "
          + "fewer than the " + minReplicas + " required: not the primary any more, or its replicas are gone");
    });
  }

  /** Fails unless the server writes its AOF and fsyncs it before answering each write. */
  private Future<Void> requireFsyncEachWrite(RedisConnection opened) {
    return opened.send(Request.cmd(Command.CONFIG).arg("GET").arg("append*")).transform(got -> {
      if (got.failed()) {
        LOG.warn("redis at {} does not say how it persists ({}): make sure it runs with appendonly yes, "
            + "appendfsync always", location, got.cause().getMessage());
        return Future.succeededFuture();
      }
      Map<String, String> config = new HashMap<>();
      Response answer = got.result(); // RESP2: name, value, name, value, ...
      for (int i = 0; i + 1 < answer.size(); i += 2) {
        config.put(answer.get(i).toString(), answer.get(i + 1).toString());
      }
      if (!"yes".equals(config.get("appendonly")) || !"always".equals(config.get("appendfsync"))) {
        opened.close();
        return Future.failedFuture("redis at " + location + " runs with appendonly " + config.get("appendonly")
            + ", appendfsync " + config.get("appendfsync") + ": a message accepted now would not survive its crash; "
            + "run it with appendonly yes and appendfsync always");
      }
      return Future.succeededFuture();
    });
  }

  private void lost(RedisConnection which, String why) {
    if (which != connection) {
      return;
    }
    connection = null;
    failure = "lost its connection to redis at " + location + ": " + why;
    LOG.warn("store: {}", failure);
    which.close();
    failAll(inFlight, failure);
    failAll(batch, failure);
    batch = new ArrayList<>();
    inFlight = List.of();
    barrierInFlight = false;
    heartbeatInFlight = false;
    reconnectLater();
  }

  private void reconnectLater() {
    if (closed) {
      return;
    }
    vertx.setTimer(RECONNECT_MILLIS, id -> connect().onFailure(e -> {
      String why = "cannot reach redis at " + location + ": " + e.getMessage();
      if (!why.equals(failure)) {
        LOG.warn("store: {}; trying again", why); // once per reason, not every half second
      }
      failure = why;
      reconnectLater();
    }));
  }

  private static String key(String stream, String part) {
    return "barker:{" + stream + "}:" + part;
  }

  private static String indexKey(String path) {
    return "barker:{" + path + "}:streams";
  }
}
