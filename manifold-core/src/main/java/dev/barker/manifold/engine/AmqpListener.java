package dev.barker.manifold.engine;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts AMQP connections on one TCP port, both plain AMQP and AMQP over WebSocket (subprotocol
 * {@code amqp}, any path): browsers can follow a redirect to the same host and port as any other
 * client. Each connection runs on the context that called {@link #listen}. A connection is admitted
 * only within the listener's limit, its source address's limit and the memory budget (charged
 * {@link EngineOptions#connectionCost()} while it lives); one beyond them is closed at once.
 */
public final class AmqpListener {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpListener.class);

  private final EngineOptions options;
  private final Handler<AmqpConnection> connectionHandler;
  /** Connections over the limit that still get a polite AMQP refusal; beyond these they are just closed. */
  private static final int REFUSALS_ANSWERED = 16;
  /**
   * How long the listener stops accepting after it had to drop a connection: under a flood, Netty
   * and Vert.x spend some 7 KB on each connection they accept before we see it, so thousands
   * accepted faster than we drop them would fill a small heap; paused, they wait in the kernel's
   * backlog instead, and the flood costs its sender.
   */
  static final long ACCEPT_PAUSE_MILLIS = 50;

  private final Set<AmqpConnection> connections = new LinkedHashSet<>();
  private final Map<String, Integer> perSource = new HashMap<>();
  private long refused;
  private boolean acceptPaused;
  private final NetServer server;

  private AmqpListener(Vertx vertx, String host, int port, EngineOptions options,
      Handler<AmqpConnection> connectionHandler) {
    this.options = options;
    this.connectionHandler = connectionHandler;
    NetServerOptions server = new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true);
    if (options.tls() != null) {
      options.tls().applyTo(server); // the TLS handshake comes before the sniffer: AMQPS and wss on one port
    }
    this.server = vertx.createNetServer(server).connectHandler(this::accept);
  }

  /**
   * Listens on {@code host:port} (port 0 picks a free one); {@code connectionHandler} sets up each
   * new connection's link handlers. Call it on the context the connections should run on.
   */
  public static Future<AmqpListener> listen(Vertx vertx, String host, int port, EngineOptions options,
      Handler<AmqpConnection> connectionHandler) {
    return Exposure.check(host, options.isSecured()).compose(safe -> {
      AmqpListener listener = new AmqpListener(vertx, host, port, options, connectionHandler);
      return listener.server.listen()
          .recover(error -> Future.failedFuture(new IllegalStateException(
              "cannot listen on " + host + ":" + port + ": " + error.getMessage(), error)))
          .map(server -> listener);
    });
  }

  /** The port listened on (the real one when 0 was asked for). */
  public int port() {
    return server.actualPort();
  }

  /** Connections currently open. */
  public int connectionCount() {
    return connections.size();
  }

  /** The connections open now, oldest first. */
  public List<AmqpConnection> connections() {
    return List.copyOf(connections);
  }

  /** Stops listening and closes every connection cleanly. */
  public Future<Void> close() {
    for (AmqpConnection connection : new ArrayList<>(connections)) {
      connection.close();
    }
    return server.close();
  }

  /** Stops listening and drops every connection without a close frame, as a crash would. */
  public Future<Void> abort() {
    for (AmqpConnection connection : new ArrayList<>(connections)) {
      connection.abort();
    }
    return server.close();
  }

  private void accept(NetSocket socket) {
    String source = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
    String refusal = admissionProblem(source);
    if (refusal != null) {
      refused++;
      LOG.debug("dropped a connection from {}: {}", source, refusal);
      socket.close(); // before any allocation of ours: what makes a flood of connections cheap
      pauseAccepting(socket);
      return;
    }
    long cost = options.connectionCost();
    options.memoryBudget().charge(cost);
    perSource.merge(source, 1, Integer::sum);
    Context context = Vertx.currentContext();
    AmqpConnection connection = new AmqpConnection(context, options, true, null);
    if (connections.size() >= options.maxConnections()) {
      connection.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "this listener already holds its limit of " + options.maxConnections() + " connections; try later"));
    }
    connections.add(connection);
    connection.closed().onComplete(done -> {
      connections.remove(connection);
      perSource.computeIfPresent(source, (host, count) -> count == 1 ? null : count - 1);
      options.memoryBudget().release(cost);
    });
    ProtocolSniffer.install(socket, options);
    connectionHandler.handle(connection);
    connection.start(Carrier.of(socket, connection));
    LOG.debug("accepted {}", connection.peer());
  }

  /** Stops accepting for {@link #ACCEPT_PAUSE_MILLIS} (unless already stopped). */
  private void pauseAccepting(NetSocket socket) {
    if (acceptPaused) {
      return;
    }
    acceptPaused = true;
    Channel acceptor = NettyChannels.acceptorOf(socket);
    acceptor.config().setAutoRead(false);
    Vertx.currentContext().owner().setTimer(ACCEPT_PAUSE_MILLIS, id -> {
      acceptPaused = false;
      acceptor.config().setAutoRead(true);
    });
  }

  /** Why a connection from {@code source} cannot be taken at all now, or null. */
  private String admissionProblem(String source) {
    if (connections.size() >= options.maxConnections() + REFUSALS_ANSWERED) {
      return "over the listener's limit of " + options.maxConnections() + " connections";
    }
    if (perSource.getOrDefault(source, 0) >= options.maxConnectionsPerSource()) {
      return "its limit of " + options.maxConnectionsPerSource() + " connections from one address";
    }
    if (!options.memoryBudget().hasRoomFor(options.connectionCost())) {
      return "the memory budget (" + options.memoryBudget() + ") has no room for another connection";
    }
    return null;
  }

  /** Connections dropped at once, before any AMQP, for a limit or the memory budget. */
  public long refusedCount() {
    return refused;
  }
}
