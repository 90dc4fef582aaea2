package dev.barker.bench;

import dev.barker.launch.Child;
import dev.barker.launch.LocalRedis;
import dev.barker.manifold.Address;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.directory.RoutingPolicies;
import dev.barker.manifold.directory.RoutingPolicy;
import dev.barker.manifold.link.Linker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our manifold and its directory, each in a JVM of its own as {@code barker} starts them (serial
 * collector, the full JIT, the heap cap Artemis gets too); clients connect to the manifold directly.
 */
final class ManifoldTarget implements Target {

  private static final RoutingPolicy CONSISTENT = RoutingPolicies.create("consistent");

  /** The heap cap of every server the bench compares. */
  static final String HEAP = "1g";

  private final String name;
  private final Child directory;
  private final Child manifold;
  private final int directoryPort;
  private final int port;
  private final List<RouteTarget> loops;
  private final LocalRedis redis;

  private ManifoldTarget(String name, List<String> store, int eventLoops, LocalRedis redis) throws Exception {
    this.name = name;
    this.redis = redis;
    BenchService directoryService = BenchService.start("directory", HEAP, List.of("directory", "--host", "127.0.0.1", "--port", "0"));
    directory = directoryService.child();
    directoryPort = directoryService.ready().port();
    List<String> args = new ArrayList<>(List.of("manifold", Address.of("127.0.0.1", directoryPort, "/bench").toString(),
        "--host", "127.0.0.1", "--port", "0"));
    args.addAll(store);
    args.addAll(List.of("--event-loops", Integer.toString(eventLoops)));
    BenchService manifoldService = BenchService.start("manifold", HEAP, args);
    manifold = manifoldService.child();
    port = manifoldService.ready().port();
    loops = eventLoops == 1 ? List.of(RouteTarget.of("127.0.0.1", port)) : instances();
  }

  /** A manifold keeping streams in memory. */
  static ManifoldTarget inMemory() throws Exception {
    return new ManifoldTarget("manifold", List.of(), 1, null);
  }

  /** A manifold keeping streams in memory on {@code eventLoops} event loops. */
  static ManifoldTarget inMemory(int eventLoops) throws Exception {
    return new ManifoldTarget(inMemoryName(eventLoops), List.of(), eventLoops, null);
  }

  /** How results name an in-memory manifold on {@code eventLoops} event loops. */
  static String inMemoryName(int eventLoops) {
    return eventLoops == 1 ? "manifold" : "manifold " + eventLoops + " loops";
  }

  /** A manifold with {@code --store} (group-committed, fsynced). */
  static ManifoldTarget durable() throws Exception {
    return new ManifoldTarget("manifold --store", List.of("--store", Files.createTempDirectory("bench-store").toString()),
        1, null);
  }

  /**
   * A manifold with its streams in a local redis-server of its own (AOF fsynced before each answer,
   * no replica to wait for: the same promise as a disk store); the server's CPU counts as the target's.
   */
  static ManifoldTarget redis() throws Exception {
    LocalRedis redis = LocalRedis.startOnFreePort("127.0.0.1", Files.createTempDirectory("bench-redis"));
    try {
      return new ManifoldTarget("manifold --store redis", List.of("--store", redis.url(), "--min-replicas", "0"), 1, redis);
    } catch (Exception notStarted) {
      redis.close();
      throw notStarted;
    }
  }

  /** The manifold's instances (one per event loop), as the directory has them. */
  private List<RouteTarget> instances() {
    Vertx vertx = Vertx.vertx();
    try {
      Routes routes = new Routes(new Linker(vertx), Address.of("127.0.0.1", directoryPort, Address.DIRECTORY_PATH));
      routes.synced().await(30, TimeUnit.SECONDS);
      return routes.snapshot().values().stream().filter(route -> route.address().endsWith("/bench"))
          .findFirst().orElseThrow().targets();
    } catch (Exception e) {
      throw new IllegalStateException("no route to the manifold's event loops: " + e.getMessage(), e);
    } finally {
      vertx.close();
    }
  }

  /** The instance the directory gives {@code address} to. */
  @Override
  public int port(String address) {
    return CONSISTENT.choose(Address.parse(address).path(), loops).port();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public ServerProcess server() {
    return redis == null ? ServerProcess.of(manifold.pid()) : ServerProcess.of(manifold.pid(), redis.pid());
  }

  @Override
  public String address(String queue) {
    return Address.of("127.0.0.1", directoryPort, "/bench/" + queue).toString();
  }

  /** Every subscriber of a stream gets all of it: the same address. */
  @Override
  public String multicastAddress(String queue) {
    return address(queue);
  }

  @Override
  public Future<Void> stop() {
    try {
      manifold.stop(10);
      directory.stop(10);
      if (redis != null) {
        redis.close();
      }
      return Future.succeededFuture();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
  }

}
