package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.Redirect;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.directory.RoutingPolicies;
import dev.barker.manifold.directory.RoutingPolicy;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MemoryBudget;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.stream.DurableStore;
import dev.barker.manifold.stream.Entry;
import dev.barker.manifold.stream.MemoryStore;
import dev.barker.manifold.stream.RedisLocation;
import dev.barker.manifold.stream.RedisStore;
import dev.barker.manifold.stream.Store;
import dev.barker.manifold.stream.Stream;
import dev.barker.manifold.stream.StreamLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store-and-forward node serving every sub-address under its address (registered with policy
 * {@code consistent}, so several manifolds share the sub-addresses). Each sub-address is a
 * {@link Stream}, created on first use and dropped when empty and unused; with a push address,
 * every stream is forwarded there at least once, following the directory as instances come and go.
 *
 * <pre>{@code
 * Manifold.start(vertx, new ManifoldOptions("//127.0.0.1/inbox").history(25))
 *     .onSuccess(inbox -> System.out.println("inbox on port " + inbox.port()));
 * }</pre>
 */
public final class Manifold extends Service {

  private static final Logger LOG = LoggerFactory.getLogger(Manifold.class);
  private static final long SWEEP_MILLIS = 1_000;
  /** How long an unused stream is kept, with its dedupe window, before it is dropped. */
  private static final long UNUSED_GRACE_MILLIS = 60_000;

  private final ManifoldOptions options;
  private final Path storeDirectory;
  private final Address address;
  private final Map<String, Stream> streams = new HashMap<>();
  private final StreamLimits limits;
  private final StreamLimits deadLetterLimits;
  private Store store;
  private long deadLetters;
  private long slowDetached;
  private String lastSlowStream;
  private long lastIdleMillis = System.currentTimeMillis();

  /** An instance listening per {@code service}, keeping its streams in {@code storeDirectory} (null: memory). */
  Manifold(ManifoldOptions options, ServiceOptions service, Path storeDirectory) {
    super("manifold", service, options.address().directory());
    this.options = options;
    this.storeDirectory = storeDirectory;
    this.address = options.address();
    this.limits = options.limits(); // one for all streams: a stream should cost little
    this.deadLetterLimits = options.deadLetterLimits();
  }

  /**
   * Starts a manifold on its own event loop; it registers with the directory in its address. For
   * {@link ManifoldOptions#eventLoops()} above one, see {@link ManifoldLoops}.
   */
  public static Future<Manifold> start(Vertx vertx, ManifoldOptions options) {
    return deploy(vertx, new Manifold(options, options.service(), options.store()));
  }

  @Override
  public Address address() {
    return address;
  }

  @Override
  protected Future<?> onStart() {
    Future<Store> opened = openStore();
    return opened.compose(ready -> {
      store = ready;
      return store.load();
    }).map(stored -> {
      stored.forEach((name, entries) -> stream(name).restore(entries));
      if (!stored.isEmpty()) {
        LOG.info("manifold {} restored {} streams from {}", address, stored.size(), storeDirectory);
      }
      register(address, "consistent");
      if (store.isShared()) {
        new Routes(linker(), address).changeHandler(this::onOwnRouteChanged);
      }
      new ManifoldManagement(streams, this::stream, options.push()).addTo(management());
      if (options.push() != null) {
        new Routes(linker(), options.push()).changeHandler(this::onRouteChanged);
      }
      vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
      LOG.info("manifold {} listening on {}:{}{}", address, host(), port(),
          options.push() == null ? "" : ", pushing to " + options.push());
      return null;
    });
  }

  private Future<Store> openStore() {
    RedisLocation redis;
    try {
      redis = options.redis();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    if (redis != null) {
      RedisStoreOptions safety = options.redisOptions();
      return RedisStore.open(vertx, redis, address.path(), safety.minReplicas(), safety.replicaTimeout(),
          limits.dedupeWindow(), limits.maxBacklog() + limits.history()).map(shared -> shared);
    }
    return storeDirectory == null ? Future.succeededFuture(new MemoryStore())
        : DurableStore.open(vertx, storeDirectory).map(durable -> durable);
  }

  @Override
  protected Future<?> onStop() {
    streams.values().forEach(Stream::close);
    return store == null ? Future.succeededFuture() : store.close();
  }

  @Override
  protected void onReceiverOpen(AmqpReceiver link) {
    Stream stream = streamFor(link);
    if (stream != null) {
      stream.addProducer(link);
    }
  }

  @Override
  protected void onSenderOpen(AmqpSender link) {
    Stream stream = streamFor(link);
    if (stream != null) {
      stream.addSubscriber(link);
    }
  }

  /**
   * The stream a link asked for; a new one only within {@code --max-streams} and while the memory
   * budget is below its high water. Otherwise null, after refusing the link saying why.
   */
  private Stream streamFor(AmqpLink<?> link) {
    String path = servedPath(link, address);
    if (path == null) {
      return null;
    }
    if (!streams.containsKey(path)) {
      MemoryBudget budget = options.service().engine().memoryBudget();
      String refusal = streams.size() >= options.maxStreams()
          ? "this manifold holds its limit of " + options.maxStreams() + " streams; " + path + " would be one more"
          : !budget.isBelowHighWater() ? "this manifold's memory budget (" + budget + ") is nearly spent: no new streams now"
          : null;
      if (refusal != null) {
        LOG.debug("refused a link to {}: {}", path, refusal);
        link.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, refusal));
        return null;
      }
    }
    return stream(path);
  }

  @Override
  protected Map<String, Object> stats() {
    long now = System.currentTimeMillis();
    int messages = 0;
    int depth = 0;
    int backlog = 0;
    int deadHeld = 0;
    long oldestPending = now;
    TopStreams top = new TopStreams(options.topStreams());
    for (Stream stream : streams.values()) {
      messages += stream.depth();
      depth = Math.max(depth, stream.depth());
      backlog += stream.backlogSize();
      deadHeld += stream.name().endsWith(Address.DEAD_LETTERS) ? stream.depth() : 0;
      long pendingSince = stream.oldestPendingMillis();
      oldestPending = pendingSince == 0 ? oldestPending : Math.min(oldestPending, pendingSince);
      top.offer(stream);
    }
    if (backlog == 0) {
      lastIdleMillis = now;
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(AgentReport.MANIFOLD_MESSAGES, messages);
    stats.put(AgentReport.MANIFOLD_STREAMS, streams.size());
    stats.put(AgentReport.MANIFOLD_DEPTH, depth);
    stats.put(AgentReport.MANIFOLD_BACKLOG, backlog);
    stats.put(AgentReport.MANIFOLD_LAST_IDLE, now - lastIdleMillis);
    stats.put(AgentReport.MANIFOLD_MAX_IDLE, now - oldestPending);
    stats.put(AgentReport.MANIFOLD_DEAD_LETTERS, deadLetters);
    stats.put(AgentReport.MANIFOLD_DEAD_HELD, deadHeld);
    stats.put(AgentReport.MANIFOLD_SLOW_DETACHED, slowDetached);
    if (lastSlowStream != null) {
      stats.put(AgentReport.MANIFOLD_LAST_SLOW_STREAM, lastSlowStream);
    }
    stats.put(AgentReport.MANIFOLD_TOP_STREAMS, top.toReport());
    if (store != null && store.failure() != null) { // null while it opens
      stats.put(AgentReport.MANIFOLD_STORE_FAILURE, store.failure());
    }
    return stats;
  }

  @Override
  protected List<String> problems() {
    return store == null || store.failure() == null ? List.of() : List.of("its store cannot write: " + store.failure());
  }

  /** The stream for {@code path}, created on first use. */
  private Stream stream(String path) {
    Stream stream = streams.get(path);
    if (stream == null) {
      boolean dead = path.endsWith(Address.DEAD_LETTERS);
      boolean pushed = options.push() != null && !dead;
      stream = new Stream(path, dead ? deadLetterLimits : limits, pushed, store, meter,
          options.service().engine().memoryBudget());
      streams.put(path, stream);
      stream.restore(store.loadStream(path));
      if (pushed) {
        stream.pushTo(vertx, linker().newSender(options.push(), address.withPath(path).toString()),
            (entry, why) -> deadLetter(path, entry, why));
      }
    }
    return stream;
  }

  /** Keeps a message the push target rejected in {@code <sub-address>/dead}. */
  private void deadLetter(String path, Entry entry, DeliveryException why) {
    deadLetters++;
    LOG.warn("push target rejected a message of {}; kept in {}{}: {}", path, path, Address.DEAD_LETTERS, why.getMessage());
    stream(path + Address.DEAD_LETTERS).append(DeadLetters.annotate(entry.bytes(), why.getMessage(), System.currentTimeMillis()));
  }

  /** Moves push links whose instance the route change took away or demoted. */
  private void onRouteChanged(RouteState route) {
    Address push = options.push();
    if (!push.ancestorPaths().contains(Address.parse(route.address()).path())) {
      return;
    }
    RoutingPolicy policy = RoutingPolicies.create(route.policy());
    List<RouteTarget> targets = route.targets();
    for (Stream stream : streams.values()) {
      String now = stream.pushedTo();
      boolean gone = now == null || targets.stream().noneMatch(t -> t.authority().equals(now));
      boolean demoted = !gone && policy.isDeterministic()
          && !policy.choose(push.path(), targets).authority().equals(now);
      if (gone || demoted) {
        stream.relinkPush();
      }
    }
  }

  /**
   * With a shared store, the instances serving this address changed: streams this one is no longer
   * the owner of (by the directory's consistent hashing) are handed over, their links redirected
   * to the owner; and, pushing, it takes over the streams with entries that it owns now and does
   * not hold, so that what an instance that died left unpushed is pushed.
   */
  private void onOwnRouteChanged(RouteState route) {
    if (!Address.parse(route.address()).path().equals(address.path())) {
      return;
    }
    RoutingPolicy policy = RoutingPolicies.create(route.policy());
    List<RouteTarget> targets = route.targets();
    String me = host() + ":" + port();
    if (!policy.isDeterministic() || targets.stream().noneMatch(t -> t.authority().equals(me))) {
      return; // not (yet) registered, or no owner per stream: nothing to move
    }
    for (Stream stream : List.copyOf(streams.values())) {
      RouteTarget owner = policy.choose(stream.name(), targets);
      if (!owner.authority().equals(me)) {
        LOG.info("manifold {}: {} is served by {} now; handing it over", address, stream.name(), owner.authority());
        handOver(stream, owner, " is served by " + owner.authority() + " now");
      }
    }
    if (options.push() != null) {
      store.streamsUnder(address.path()).onSuccess(names -> {
        List<String> mine = names.stream()
            .filter(name -> !streams.containsKey(name) && policy.choose(name, targets).authority().equals(me)).toList();
        if (!mine.isEmpty()) {
          LOG.info("manifold {}: serving {} more streams from the store (their instance left)", address, mine.size());
        }
        mine.forEach(this::stream);
      });
    }
  }

  /** Drops {@code stream} from here, redirecting its links to {@code to}, saying the stream{@code why}. */
  private void handOver(Stream stream, RouteTarget to, String why) {
    streams.remove(stream.name());
    stream.handOver(new Redirect(to.host(), to.port(), address.withPath(stream.name()).toString())
        .toCondition(stream.name() + why));
  }

  /**
   * Detaches stalled subscribers; reads stale streams again (their links redirected back here);
   * drains idle producers; gives credit that waited for the store;
   * drops streams nobody uses any more.
   */
  private void sweep() {
    for (Stream stream : streams.values()) {
      int detached = stream.detachStalledSubscribers();
      if (detached > 0) {
        slowDetached += detached;
        lastSlowStream = stream.name();
      }
    }
    for (Stream stale : streams.values().stream().filter(Stream::isStale).toList()) {
      handOver(stale, RouteTarget.of(host(), port()), " is read again from the store"); // the next link reads it afresh
    }
    streams.values().forEach(Stream::drainIdleProducers);
    streams.values().forEach(Stream::grantCredit);
    streams.values().removeIf(stream -> {
      if (!stream.isUnusedFor(UNUSED_GRACE_MILLIS)) {
        return false;
      }
      stream.close();
      return true;
    });
  }
}
