package dev.barker.manifold;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Vert.x instance and one event-loop context for a test: runs work on the context (where the
 * engine wants to be called) and waits for its result, with a bound.
 */
public final class TestLoop implements AutoCloseable {

  /** How long any one step of a test may take. */
  public static final long TIMEOUT_SECONDS = 15;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  /** The Vert.x instance. */
  public Vertx vertx() {
    return vertx;
  }

  /** Runs {@code work} on the context and waits for the future it returns. */
  public <T> T await(Supplier<Future<T>> work) {
    try {
      return Future.<T>future(promise -> context.runOnContext(v -> {
        try {
          work.get().onComplete(promise);
        } catch (RuntimeException e) {
          promise.fail(e);
        }
      })).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("step failed: " + e, e);
    }
  }

  /** Runs {@code work} on the context and waits until it has run. */
  public void run(Runnable work) {
    await(() -> {
      work.run();
      return Future.succeededFuture();
    });
  }

  /** Runs {@code work} on the context and returns its value. */
  public <T> T call(Supplier<T> work) {
    return await(() -> Future.succeededFuture(work.get()));
  }

  @Override
  public void close() {
    try {
      vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      StringBuilder threads = new StringBuilder();
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        threads.append(thread.getName()).append('\n');
        for (StackTraceElement frame : stack) {
          threads.append("    at ").append(frame).append('\n');
        }
      });
      throw new AssertionError("closing Vert.x failed; threads:\n" + threads, e);
    }
  }
}
