package dev.barker.manifold.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts AMQP connections on one TCP port, both plain AMQP and AMQP over WebSocket (subprotocol
 * {@code amqp}, any path): browsers can follow a redirect to the same host and port as any other
 * client. Each connection runs on the context that called {@link #listen}.
 */
public final class AmqpListener {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpListener.class);

  private final EngineOptions options;
  private final Handler<AmqpConnection> connectionHandler;
  private final Set<AmqpConnection> connections = new LinkedHashSet<>();
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
    Context context = Vertx.currentContext();
    AmqpConnection connection = new AmqpConnection(context, options, true, null);
    if (connections.size() >= options.maxConnections()) {
      connection.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "this listener already holds its limit of " + options.maxConnections() + " connections; try later"));
    } else {
      connections.add(connection);
      connection.closed().onComplete(done -> connections.remove(connection));
    }
    ProtocolSniffer.install(socket, options);
    connectionHandler.handle(connection);
    connection.start(Carrier.of(socket, connection));
    LOG.debug("accepted {}", connection.peer());
  }
}
