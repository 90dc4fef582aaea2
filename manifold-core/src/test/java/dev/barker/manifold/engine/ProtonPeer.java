package dev.barker.manifold.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Transport;

/**
 * A bare proton-j peer on a real socket, for what our own client never does: many sessions, odd
 * addresses, no SASL layer. Build its endpoints on {@link #connection}, then {@link #pumpUntil}.
 */
final class ProtonPeer implements AutoCloseable {

  final Transport transport = Proton.transport();
  final Connection connection = Proton.connection();
  private final Socket socket;

  /** Connects to {@code port} on this machine; sends the plain AMQP header, as rhea does. */
  ProtonPeer(int port) throws IOException {
    transport.bind(connection);
    connection.setContainer("proton-peer");
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(50);
  }

  /** Writes what the peer has to say and reads what comes back until {@code done}, or fails after 10 s. */
  void pumpUntil(BooleanSupplier done) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[4096];
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 10 s");
      }
      flush();
      try {
        int n = in.read(chunk);
        if (n < 0) {
          throw new AssertionError("the server closed the socket first");
        }
        for (int offset = 0; offset < n && transport.capacity() > 0; ) {
          ByteBuffer tail = transport.tail();
          int length = Math.min(tail.remaining(), n - offset);
          tail.put(chunk, offset, length);
          transport.processInput();
          offset += length;
        }
      } catch (SocketTimeoutException e) {
        // nothing yet: write again and wait
      }
    }
    flush();
  }

  private void flush() throws IOException {
    for (int pending = transport.pending(); pending > 0; pending = transport.pending()) {
      ByteBuffer head = transport.head();
      byte[] bytes = new byte[pending];
      head.get(bytes);
      socket.getOutputStream().write(bytes);
      transport.pop(pending);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
