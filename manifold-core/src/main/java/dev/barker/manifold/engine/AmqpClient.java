package dev.barker.manifold.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.ConnectException;
import javax.net.ssl.SSLException;

/**
 * Opens AMQP connections to other nodes, over TCP or WebSocket. Connections run on the context
 * that called {@code connect}.
 */
public final class AmqpClient {

  /** How long a TCP or WebSocket connect may take before it fails. */
  public static final int CONNECT_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final EngineOptions options;
  private final NetClient netClient;
  private final WebSocketClient webSocketClient;

  /** A client whose connections all use {@code options}. */
  public AmqpClient(Vertx vertx, EngineOptions options) {
    this.vertx = vertx;
    this.options = options;
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setTcpNoDelay(true)
        .setLocalAddress(options.localAddress());
    WebSocketClientOptions webSocket = new WebSocketClientOptions()
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setLocalAddress(options.localAddress())
        .setMaxFrameSize(options.maxWebSocketFrameSize())
        .setMaxMessageSize(options.maxWebSocketFrameSize() * 64);
    if (options.tls() != null) {
      options.tls().applyTo(net);
      options.tls().applyTo(webSocket);
    }
    this.netClient = vertx.createNetClient(net);
    this.webSocketClient = vertx.createWebSocketClient(webSocket);
  }

  /** The engine options of every connection this client opens. */
  public EngineOptions options() {
    return options;
  }

  /** Connects over plain TCP; succeeds once both ends have exchanged open frames. */
  public Future<AmqpConnection> connect(String host, int port) {
    return netClient.connect(port, host).recover(error -> unreachable(host, port, error)).compose(socket -> {
      AmqpConnection connection = new AmqpConnection(vertx.getOrCreateContext(), options, false, host);
      connection.openedBy(this);
      connection.start(Carrier.of(socket, connection));
      return connection.opened();
    });
  }

  /** Connects over WebSocket (subprotocol {@code amqp}); succeeds once both ends have opened. */
  public Future<AmqpConnection> connectWebSocket(String host, int port) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions()
        .setHost(host)
        .setPort(port)
        .setURI("/")
        .addSubProtocol(ProtocolSniffer.SUBPROTOCOL);
    return webSocketClient.connect(connect).recover(error -> unreachable(host, port, error)).compose(webSocket -> {
      AmqpConnection connection = new AmqpConnection(vertx.getOrCreateContext(), options, false, host);
      connection.openedBy(this);
      connection.start(Carrier.of(webSocket, connection));
      return connection.opened();
    });
  }

  /**
   * A connect that failed, as one line naming where to and why ("Connection refused", not Netty's
   * annotations; for TLS, what the handshake found, such as a certificate not naming the host).
   */
  private static <T> Future<T> unreachable(String host, int port, Throwable error) {
    Throwable why = error.getCause() instanceof ConnectException plain ? plain : error;
    String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
    for (Throwable cause = why.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException && cause.getMessage() != null) {
        reason += ": " + cause.getMessage();
        break;
      }
    }
    ConnectException unreachable = new ConnectException("cannot connect to " + host + ":" + port + ": " + reason);
    unreachable.initCause(error);
    return Future.failedFuture(unreachable);
  }

  /** Releases the client's sockets; open connections are not closed. */
  public Future<Void> close() {
    return Future.all(netClient.close(), webSocketClient.close()).mapEmpty();
  }
}
