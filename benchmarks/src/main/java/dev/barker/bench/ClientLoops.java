package dev.barker.bench;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Puts each client connection on an event loop of its own, in turn over the client Vert.x's loops,
 * so that the load driver is not one thread: Vert.x gives a non-Vert.x thread one sticky context,
 * and a connection runs on the context that opened it, so every connection the bench's main
 * thread opened would share one loop (and one core). Each connection is opened by a deployment of
 * its own, which Vert.x puts on the next event loop.
 */
final class ClientLoops {

  private ClientLoops() {
  }

  /** Runs {@code connect} in a new deployment's event-loop context; its connection's handlers run there. */
  static <T> Future<T> onNextLoop(Vertx vertx, Supplier<Future<T>> connect) {
    Promise<T> connected = Promise.promise();
    Deployable opener = context -> {
      connect.get().onComplete(connected);
      return Future.succeededFuture();
    };
    vertx.deployVerticle(opener).onFailure(connected::tryFail);
    return connected.future();
  }
}
