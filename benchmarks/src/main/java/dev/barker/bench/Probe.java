package dev.barker.bench;

import dev.barker.manifold.engine.MessageCodec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.message.Message;

/**
 * The benchmark's message: a body of 100 bytes (or another size) whose last 32 bytes are a marker,
 * when it was sent (nanoTime), its producer and its sequence number. Encoded once as a template;
 * each send patches the three numbers in a copy, and a consumer finds them at the end of the
 * encoded message, so neither side runs a codec per message: the load driver's CPU goes to the
 * servers it measures.
 */
final class Probe {

  static final int BODY_BYTES = 100;
  private static final long MARKER = 0x7e57_c0de_7e57_c0deL;
  private static final int STAMP_BYTES = 32;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] template;
  private final int offset;

  /** A probe template; {@code durable} sets the AMQP header's durable flag (for persistent brokers). */
  Probe(boolean durable) {
    this(durable, BODY_BYTES);
  }

  /** A probe template with a body of {@code bodyBytes} (at least 32). */
  Probe(boolean durable, int bodyBytes) {
    ByteBuffer body = ByteBuffer.allocate(bodyBytes).position(bodyBytes - STAMP_BYTES)
        .putLong(MARKER).putLong(MARKER).putLong(MARKER).putLong(MARKER);
    Message message = Message.Factory.create();
    if (durable) {
      Header header = new Header();
      header.setDurable(true);
      message.setHeader(header);
    }
    message.setBody(new Data(new Binary(body.array())));
    template = MessageCodec.encode(message);
    offset = indexOfMarker(template) + Long.BYTES;
  }

  /** A message from {@code producer}, number {@code seq}, stamped now. */
  byte[] next(long producer, long seq) {
    byte[] bytes = Arrays.copyOf(template, template.length);
    ByteBuffer.wrap(bytes, offset, 24).putLong(System.nanoTime()).putLong(producer).putLong(seq);
    return bytes;
  }

  /**
   * {sentNanos, producer, seq} of a received probe: read from the message's last bytes where they
   * end with its body, as sent; decoded where a broker re-encoded it with something after the body.
   */
  static long[] read(byte[] encoded) {
    int stamp = encoded.length - STAMP_BYTES;
    if (stamp < 0 || (long) LONGS.get(encoded, stamp) != MARKER) {
      ByteBuffer body = ((Data) MessageCodec.decode(encoded).getBody()).getValue().asByteBuffer();
      body.position(body.limit() - STAMP_BYTES + Long.BYTES);
      return new long[] {body.getLong(), body.getLong(), body.getLong()};
    }
    return new long[] {(long) LONGS.get(encoded, stamp + 8), (long) LONGS.get(encoded, stamp + 16),
        (long) LONGS.get(encoded, stamp + 24)};
  }

  private static int indexOfMarker(byte[] bytes) {
    byte[] marker = ByteBuffer.allocate(8).putLong(MARKER).array();
    for (int i = 0; i + 8 <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + 8, marker, 0, 8)) {
        return i;
      }
    }
    throw new IllegalStateException("no marker in the encoded probe");
  }
}
