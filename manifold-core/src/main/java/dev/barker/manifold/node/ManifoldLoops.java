package dev.barker.manifold.node;

import dev.barker.manifold.stream.DurableStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A manifold on several cores: {@link ManifoldOptions#eventLoops()} instances in one process, each
 * a {@link Manifold} of its own on its own event loop, port and store, registered under the same
 * address. The directory's {@code consistent} policy then gives each sub-address to one of them,
 * so every stream is owned by one loop and nothing on the hot path is shared or locked; clients
 * that link through the directory reach the owner directly, as they do with manifolds in
 * separate processes. Instance {@code i} listens on {@code --port + i} (a free port each with
 * {@code --port 0}) and keeps its streams in {@code STORE/loop-i}.
 *
 * <pre>{@code
 * ManifoldLoops.start(vertx, new ManifoldOptions("//127.0.0.1/inbox").eventLoops(4))
 *     .onSuccess(loops -> System.out.println("inbox on " + loops.size() + " event loops"));
 * }</pre>
 */
public final class ManifoldLoops {

  private ManifoldLoops() {
  }

  /**
   * Starts every instance (one after another, so Vert.x gives each the next event loop); the
   * future holds them, the one on {@code --port} first. With one loop it is {@link Manifold#start}.
   * Fails, starting none, if the store was written with another number of loops: its streams
   * would be served by instances the directory no longer sends their sub-addresses to.
   */
  public static Future<List<Manifold>> start(Vertx vertx, ManifoldOptions options) {
    int loops = options.eventLoops();
    if (loops == 1) {
      return refuseOtherLayout(options.store(), 1).compose(v -> Manifold.start(vertx, options)).map(List::of);
    }
    Future<List<Manifold>> started = refuseOtherLayout(options.store(), loops).map(v -> new ArrayList<>());
    for (int loop = 0; loop < loops; loop++) {
      int port = options.service().port() == 0 ? 0 : options.service().port() + loop;
      Path store = options.store() == null ? null : options.store().resolve("loop-" + loop);
      Manifold instance = new Manifold(options, options.service().withPort(port), store);
      started = started.compose(list -> Service.deploy(vertx, instance).map(manifold -> {
        list.add(manifold);
        return list;
      }));
    }
    return started;
  }

  /** Fails when {@code store} holds the streams of another number of event loops than {@code loops}. */
  private static Future<Void> refuseOtherLayout(Path store, int loops) {
    if (store == null || !Files.isDirectory(store)) {
      return Future.succeededFuture();
    }
    long written;
    boolean single;
    try (Stream<Path> entries = Files.list(store)) {
      written = entries.filter(path -> path.getFileName().toString().matches("loop-\\d+")).count();
      single = DurableStore.isStoreIn(store);
    } catch (IOException e) {
      return Future.failedFuture("cannot read the store " + store + ": " + e.getMessage());
    }
    long wasLoops = single ? 1 : written;
    if (wasLoops == 0 || wasLoops == loops) {
      return Future.succeededFuture();
    }
    return Future.failedFuture("the store " + store + " holds the streams of " + wasLoops + " event loop"
        + (wasLoops == 1 ? "" : "s") + "; start with --event-loops " + wasLoops + " (each loop serves the sub-addresses it stored)");
  }
}
