package dev.barker.manifold.link;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out {@link Sender}s and {@link Receiver}s for {@code //HOST/PATH} addresses and shares
 * connections among them: one per {@code host:port}, and another for each further
 * {@link LinkerOptions#linksPerConnection()} links. Senders are cached per address. Everything
 * runs on one Vert.x context, taken from the thread that creates the linker. Creating links,
 * sending and closing may be called from any thread (the work hops onto the context); the state
 * queries ({@code isLinked}, {@code isFull}, {@code pending}) are for code on the context.
 */
public final class Linker {

  private final Vertx vertx;
  private final Context context;
  private final LinkerOptions options;
  private final AmqpClient client;
  private final Map<String, ConnectionPool> connections = new HashMap<>();
  private final Map<String, Sender> senders = new HashMap<>();
  private final Set<Link> links = new LinkedHashSet<>();
  private boolean closed;

  /** A linker on the current context (or a new one when called off Vert.x). */
  public Linker(Vertx vertx, LinkerOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.client = new AmqpClient(vertx, options.engine());
  }

  /** A linker with default options. */
  public Linker(Vertx vertx) {
    this(vertx, new LinkerOptions());
  }

  /** The options its links use. */
  public LinkerOptions options() {
    return options;
  }

  /** The context its links run on. */
  public Context context() {
    return context;
  }

  /** The sender for {@code address}, created on first use and shared after. */
  public Sender sender(String address) {
    return sender(Address.parse(address));
  }

  /** The sender for {@code address}, created on first use and shared after. */
  public synchronized Sender sender(Address address) {
    Sender sender = senders.get(address.toString());
    if (sender == null || sender.isClosed()) {
      sender = start(new Sender(this, address, null));
      senders.put(address.toString(), sender);
    }
    return sender;
  }

  /**
   * A new sender of its own to {@code address} whose link names {@code sourceAddress} as where its
   * messages come from (a manifold pushing one stream); not shared.
   */
  public Sender newSender(Address address, String sourceAddress) {
    return start(new Sender(this, address, sourceAddress));
  }

  /** A new receiver from {@code address}; {@code handler} must settle each delivery. */
  public Receiver receiver(String address, Handler<Delivery> handler) {
    return receiver(Address.parse(address), handler);
  }

  /** A new receiver from {@code address}; {@code handler} must settle each delivery. */
  public Receiver receiver(Address address, Handler<Delivery> handler) {
    return start(new Receiver(this, address, handler));
  }

  /** Closes every link and connection; links stop reconnecting. */
  public Future<Void> close() {
    return Future.<Void>future(promise -> execute(() -> {
      closed = true;
      List<Future<?>> done = new ArrayList<>();
      for (Link link : new ArrayList<>(links)) {
        done.add(link.close());
      }
      connections.values().forEach(ConnectionPool::closeAll);
      connections.clear();
      Future.join(done).onComplete(v -> client.close().onComplete(c -> promise.complete()));
    }));
  }

  /** Runs {@code work} on the linker's context: now when already there, else soon. */
  public void execute(Runnable work) {
    if (Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(v -> work.run());
    }
  }

  Vertx vertx() {
    return vertx;
  }

  void forget(Link link) {
    links.remove(link);
  }

  /**
   * A shared connection to {@code host:port} with room for one more link, opened on first use,
   * again after it drops, and beside the others when they are full.
   */
  Future<AmqpConnection> connection(String host, int port) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("linker closed"));
    }
    String key = host + ":" + port;
    ConnectionPool pool = connections.get(key);
    if (pool == null) {
      pool = new ConnectionPool(() -> options.webSocket() ? client.connectWebSocket(host, port) : client.connect(host, port),
          options.linksPerConnection(), () -> connections.remove(key));
      connections.put(key, pool);
    }
    return pool.acquire();
  }

  private <L extends Link> L start(L link) {
    execute(() -> {
      if (closed) {
        link.close();
        return;
      }
      links.add(link);
      link.start();
    });
    return link;
  }
}
