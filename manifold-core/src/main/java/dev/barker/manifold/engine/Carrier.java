package dev.barker.manifold.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Consumer;

/**
 * What carries one connection's bytes: a TCP socket (raw AMQP, or AMQP over WebSocket unwrapped by
 * the listener's {@link ProtocolSniffer}) or a client-side WebSocket. The engine sees a plain byte
 * stream either way.
 */
final class Carrier {

  private final WriteStream<Buffer> output;
  private final Consumer<Buffer> write;
  private final Runnable close;
  private final String peer;
  private final String source;

  private Carrier(WriteStream<Buffer> output, Consumer<Buffer> write, Runnable close, String peer, String source) {
    this.output = output;
    this.write = write;
    this.close = close;
    this.peer = peer;
    this.source = source;
  }

  /** A TCP socket: bytes in, bytes out. */
  static Carrier of(NetSocket socket, AmqpConnection connection) {
    bind(socket, connection);
    socket.closeHandler(v -> connection.onCarrierClosed());
    socket.shutdownHandler(v -> connection.close()); // Vert.x is closing: say goodbye in AMQP
    return new Carrier(socket, socket::write, socket::close, "tcp " + socket.remoteAddress(), hostOf(socket.remoteAddress()));
  }

  /** A client WebSocket: each binary message in is input, each write goes out as a binary message. */
  static Carrier of(WebSocket webSocket, AmqpConnection connection) {
    webSocket.binaryMessageHandler(connection::onBytes);
    webSocket.textMessageHandler(text -> {
      connection.onCarrierError(new IllegalStateException("text frame on an AMQP WebSocket"));
      webSocket.close((short) 1003, "AMQP needs binary frames");
    });
    webSocket.exceptionHandler(connection::onCarrierError);
    webSocket.closeHandler(v -> connection.onCarrierClosed());
    webSocket.shutdownHandler(v -> connection.close());
    // writeBinaryMessage splits output larger than the WebSocket frame limit into continuation frames
    return new Carrier(webSocket, webSocket::writeBinaryMessage, webSocket::close,
        "ws " + webSocket.remoteAddress(), hostOf(webSocket.remoteAddress()));
  }

  private static void bind(ReadStream<Buffer> input, AmqpConnection connection) {
    input.handler(connection::onBytes);
    input.exceptionHandler(connection::onCarrierError);
  }

  void write(Buffer bytes) {
    write.accept(bytes);
  }

  /** True while the socket's write queue is over its high-water mark: stop producing output. */
  boolean writeQueueFull() {
    return output.writeQueueFull();
  }

  /** Called once the write queue has drained after {@link #writeQueueFull()}. */
  void drainHandler(Runnable handler) {
    output.drainHandler(v -> handler.run());
  }

  void close() {
    close.run();
  }

  private static String hostOf(SocketAddress address) {
    return address == null ? "?" : address.hostAddress();
  }

  /** The peer's address without its port, e.g. {@code 127.0.0.1}. */
  String source() {
    return source;
  }

  /** Who is on the other end, for log lines: {@code tcp 127.0.0.1:41234}. */
  String peer() {
    return peer;
  }
}
