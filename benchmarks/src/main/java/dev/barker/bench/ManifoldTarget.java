package dev.barker.bench;

import dev.barker.manifold.Address;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/** Our manifold (with its directory), in this JVM on its own Vert.x; clients connect to it directly. */
final class ManifoldTarget implements Target {

  private final Vertx vertx = Vertx.vertx();
  private final String name;
  private final Directory directory;
  private final Manifold manifold;

  private ManifoldTarget(String name, boolean durable) throws Exception {
    this.name = name;
    directory = Directory.start(vertx, new ServiceOptions(0)).await(30, TimeUnit.SECONDS);
    ManifoldOptions options = new ManifoldOptions(directory.address().withPath("/bench").toString());
    if (durable) {
      options.store(Files.createTempDirectory("bench-store"));
    }
    manifold = Manifold.start(vertx, options).await(30, TimeUnit.SECONDS);
    manifold.registered().await(30, TimeUnit.SECONDS);
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
    return manifold.port();
  }

  @Override
  public String address(String queue) {
    return Address.of("127.0.0.1", directory.port(), "/bench/" + queue).toString();
  }

  @Override
  public Future<Void> stop() {
    return vertx.close();
  }
}
