package dev.barker.manifold.link;

import dev.barker.manifold.engine.AmqpConnection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A linker's connections to one {@code host:port}: as many as its links need, each carrying at
 * most {@link LinkerOptions#linksPerConnection()}, opened on demand and forgotten once they close
 * or fail to open. A peer refuses links beyond its own limit per connection (the manifold's
 * {@code --max-links}), so without this a linker holding more links than that to one node would
 * leave the rest unlinked for good. Used on the linker's context only.
 */
final class ConnectionPool {

  private final Supplier<Future<AmqpConnection>> connect;
  private final int linksPerConnection;
  private final Runnable onEmpty;
  private final List<Pooled> connections = new ArrayList<>();

  /** Opens connections with {@code connect}; {@code onEmpty} runs when the last one is forgotten. */
  ConnectionPool(Supplier<Future<AmqpConnection>> connect, int linksPerConnection, Runnable onEmpty) {
    this.connect = connect;
    this.linksPerConnection = linksPerConnection;
    this.onEmpty = onEmpty;
  }

  /**
   * A connection with room for one more link: one open (or opening) already, else a new one. The
   * caller attaches its link as soon as the future completes, which is on this context, so a
   * connection's links are counted before anyone asks again.
   */
  Future<AmqpConnection> acquire() {
    for (Pooled pooled : connections) {
      if (pooled.hasRoom()) {
        return pooled.take();
      }
    }
    Pooled pooled = new Pooled(connect.get());
    connections.add(pooled);
    pooled.connection.onFailure(error -> forget(pooled))
        .onSuccess(opened -> opened.closed().onComplete(v -> forget(pooled)));
    return pooled.take();
  }

  /** Closes every connection, now or once it has opened, and forgets them. */
  void closeAll() {
    List<Pooled> open = new ArrayList<>(connections);
    connections.clear();
    open.forEach(pooled -> pooled.connection.onSuccess(AmqpConnection::close));
  }

  private void forget(Pooled pooled) {
    if (connections.remove(pooled) && connections.isEmpty()) {
      onEmpty.run();
    }
  }

  private final class Pooled {
    final Future<AmqpConnection> connection;
    int handedOutWhileOpening;

    Pooled(Future<AmqpConnection> connection) {
      this.connection = connection;
    }

    boolean hasRoom() {
      if (!connection.isComplete()) {
        return handedOutWhileOpening < linksPerConnection;
      }
      return connection.succeeded() && connection.result().isOpen()
          && connection.result().linkCount() < linksPerConnection;
    }

    Future<AmqpConnection> take() {
      if (!connection.isComplete()) {
        handedOutWhileOpening++;
      }
      return connection;
    }
  }
}
