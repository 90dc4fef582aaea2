package dev.barker.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * A peer that speaks bytes on a real socket, for what no client library sends: garbage, half a
 * handshake, two attaches on one handle. It also reads our frames back one by one, so a test can
 * expect exactly what we send ({@link #expect}), in the spirit of Qpid JMS's test peer.
 */
public final class RawPeer implements AutoCloseable {

  /** The plain AMQP protocol header. */
  public static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
  /** The AMQP SASL protocol header. */
  public static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

  private final Socket socket;
  private final DataInputStream in;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects to {@code port} on loopback; reads wait at most {@code timeoutMillis}. */
  public static RawPeer connect(int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(timeoutMillis);
    return new RawPeer(socket);
  }

  /** Connects from {@code localAddress} (another loopback address, say: another source) to {@code port} on 127.0.0.1. */
  public static RawPeer connectFrom(String localAddress, int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
    socket.setSoTimeout(timeoutMillis);
    return new RawPeer(socket);
  }

  /** True once the server has closed the connection (reading what it still had to say); false if it is open. */
  public boolean isClosedByServer() {
    byte[] chunk = new byte[4096];
    try {
      for (int n = in.read(chunk); ; n = in.read(chunk)) {
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Connects to {@code port} on loopback; reads wait at most a test step's time. */
  public static RawPeer connect(int port) throws IOException {
    return connect(port, (int) TimeUnit.SECONDS.toMillis(TestLoop.TIMEOUT_SECONDS));
  }

  /** Writes {@code bytes} as they are. */
  public RawPeer write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** Writes each performative as a frame on channel 0, all in one write. */
  public RawPeer writeFrames(Object... performatives) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (Object performative : performatives) {
      wire.writeBytes(frame(performative));
    }
    return write(wire.toByteArray());
  }

  /** Ends our side of the stream (the server then sees end of input). */
  public RawPeer shutdownOutput() throws IOException {
    socket.shutdownOutput();
    return this;
  }

  /** Everything the server says until it closes (as ISO-8859-1 text); fails if it never closes. */
  public String readUntilClosed() throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        answer.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection; it said so far: "
          + answer.toString(StandardCharsets.ISO_8859_1), e);
    } catch (SocketException reset) {
      // closed (or reset) by the server: what it said before is the answer
    }
    return answer.toString(StandardCharsets.ISO_8859_1);
  }

  /** Expects the server's protocol header to be {@code header}. */
  public RawPeer expectHeader(byte[] header) throws IOException {
    byte[] read = new byte[header.length];
    in.readFully(read);
    assertArrayEquals(header, read, "protocol header");
    return this;
  }

  /** Reads the server's next frame (skipping empty heartbeat frames) and expects a {@code type} performative. */
  public <T> T expect(Class<T> type) throws IOException {
    while (true) {
      int size = in.readInt();
      int dataOffset = in.readUnsignedByte() * 4;
      in.readUnsignedByte(); // frame type: 0 for AMQP
      in.readUnsignedShort(); // channel
      in.skipNBytes(dataOffset - 8);
      byte[] body = new byte[size - dataOffset];
      in.readFully(body);
      if (body.length > 0) {
        DecoderImpl decoder = codec();
        decoder.setByteBuffer(ByteBuffer.wrap(body));
        return assertInstanceOf(type, decoder.readObject(), "the server's next frame");
      }
    }
  }

  /** One AMQP frame on channel 0 carrying {@code performative}. */
  public static byte[] frame(Object performative) {
    return frame(0, performative);
  }

  /** One AMQP frame on {@code channel} carrying {@code performative}. */
  public static byte[] frame(int channel, Object performative) {
    DecoderImpl decoder = new DecoderImpl();
    EncoderImpl encoder = new EncoderImpl(decoder);
    AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    ByteBuffer body = ByteBuffer.allocate(4096);
    encoder.setByteBuffer(body);
    encoder.writeObject(performative);
    body.flip();
    ByteBuffer frame = ByteBuffer.allocate(8 + body.remaining());
    frame.putInt(8 + body.remaining()).put((byte) 2).put((byte) 0).putShort((short) channel).put(body);
    return frame.array();
  }

  /** An HTTP upgrade to AMQP over WebSocket, asking for {@code subprotocol}, from a page of {@code origin} (or none). */
  public static byte[] webSocketUpgrade(String subprotocol, String origin) {
    return ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** One masked binary WebSocket frame (a client must mask) carrying {@code payload}. */
  public static byte[] webSocketFrame(byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x82);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    frame.writeBytes(new byte[4]); // a zero mask key leaves the payload as it is
    frame.writeBytes(payload);
    return frame.toByteArray();
  }

  /** {@code first} then {@code second}. */
  public static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** The raw input, for a test that reads a reply of its own shape (an HTTP status line). */
  public InputStream input() {
    return in;
  }

  private static DecoderImpl codec() {
    DecoderImpl decoder = new DecoderImpl();
    AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
    return decoder;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
