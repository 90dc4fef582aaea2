package dev.barker.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.function.Supplier;

/**
 * Puts each client connection on an event loop of its own, in turn over the client Vert.x's loops,
 * so that the load driver is not one thread: Vert.x gives a non-Vert.x thread one sticky context,
 * and a connection runs on the context that opened it, so every connection the bench's main
 * thread opened would share one loop (and one core).
 */
final class ClientLoops {

  private ClientLoops() {
  }

  /** Runs {@code connect} on a new event-loop context; its connection's handlers run there. */
  static <T> Future<T> onNextLoop(Vertx vertx, Supplier<Future<T>> connect) {
    Promise<T> connected = Promise.promise();
    ((VertxInternal) vertx).createEventLoopContext().runOnContext(v -> connect.get().onComplete(connected));
    return connected.future();
  }
}
