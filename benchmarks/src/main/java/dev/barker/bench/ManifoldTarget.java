package dev.barker.bench;

import dev.barker.launch.Child;
import dev.barker.launch.ReadyLine;
import dev.barker.manifold.Address;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our manifold and its directory, each in a JVM of its own as {@code barker} starts them (serial
 * collector, the full JIT, the heap cap Artemis gets too); clients connect to the manifold directly.
 */
final class ManifoldTarget implements Target {

  /** The heap cap of every server the bench compares. */
  static final String HEAP = "1g";

  private final String name;
  private final Child directory;
  private final Child manifold;
  private final int directoryPort;
  private final int port;

  private ManifoldTarget(String name, boolean durable) throws Exception {
    this.name = name;
    directory = start("directory", List.of("directory", "--host", "127.0.0.1", "--port", "0"));
    directoryPort = portOf(directory);
    List<String> args = new ArrayList<>(List.of("manifold", Address.of("127.0.0.1", directoryPort, "/bench").toString(),
        "--host", "127.0.0.1", "--port", "0"));
    if (durable) {
      args.addAll(List.of("--store", Files.createTempDirectory("bench-store").toString()));
    }
    manifold = start("manifold", args);
    port = portOf(manifold);
  }

  /** A manifold keeping streams in memory. */
  static ManifoldTarget inMemory() throws Exception {
    return new ManifoldTarget("manifold", false);
  }

  /** A manifold with {@code --store} (group-committed, fsynced). */
  static ManifoldTarget durable() throws Exception {
    return new ManifoldTarget("manifold --store", true);
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
    return new ServerProcess(manifold.pid());
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
      return Future.succeededFuture();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
  }

  private static Child start(String name, List<String> args) throws Exception {
    Child child = Child.barker(name, args, HEAP, Child.Jit.FULL, line -> { });
    child.ready().get(60, TimeUnit.SECONDS);
    return child;
  }

  /** The port its ready line names. */
  private static int portOf(Child child) throws Exception {
    return ReadyLine.of(child.ready().get()).orElseThrow().port();
  }
}
