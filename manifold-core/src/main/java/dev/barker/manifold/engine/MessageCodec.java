package dev.barker.manifold.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferOverflowException;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;

/** Encodes and decodes whole AMQP messages as byte arrays, the form the engine sends and receives. */
public final class MessageCodec {

  private static final int FIRST_GUESS = 512;
  private static final long HEADER = 0x70;
  private static final long PROPERTIES = 0x73;
  private static final int SMALL_ULONG = 0x53;
  private static final int ULONG = 0x80;
  private static final int LIST8 = 0xc0;
  private static final int LIST32 = 0xd0;
  private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final ThreadLocal<DecoderImpl> DECODER = ThreadLocal.withInitial(() -> {
    DecoderImpl decoder = new DecoderImpl();
    AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
    return decoder;
  });

  private MessageCodec() {
  }

  /** The message's wire encoding. */
  public static byte[] encode(Message message) {
    int size = FIRST_GUESS;
    while (true) {
      byte[] buffer = new byte[size];
      try {
        int length = message.encode(buffer, 0, size);
        return length == size ? buffer : Arrays.copyOf(buffer, length);
      } catch (BufferOverflowException e) {
        size *= 4; // rare: messages are mostly small
      }
    }
  }

  /**
   * A 64-bit key for the message-id of an encoded message, 0 when it has none (or the bytes are not
   * a message): equal ids give equal keys, different ids different keys but with odds of 2^-64.
   * Reads only the sections before the properties and the id's own bytes; decodes nothing but the
   * header and annotations, and allocates nothing unless a header or annotations come first (barks
   * have none), because the manifold asks this of every message it stores (dedupe).
   */
  public static long messageIdKey(byte[] encoded) {
    if (encoded.length < 3 || encoded[0] != 0x00) {
      return 0; // not a section
    }
    if ((encoded[1] & 0xff) != SMALL_ULONG) {
      return keyPastLeadingSections(encoded); // a section code in its long form: rare
    }
    int first = encoded[2] & 0xff;
    if (first == PROPERTIES) {
      try {
        return firstOfListKey(encoded, 3);
      } catch (IndexOutOfBoundsException truncated) {
        return 0;
      }
    }
    return first >= HEADER && first < PROPERTIES ? keyPastLeadingSections(encoded) : 0; // 0: a body first
  }

  /**
   * The key where a header or annotations may come before the properties: proton's decoder reads
   * past them, so the properties are found where a full decode finds them.
   */
  private static long keyPastLeadingSections(byte[] encoded) {
    ReadableBuffer buffer = ReadableBuffer.ByteBufferReader.wrap(encoded);
    DecoderImpl decoder = DECODER.get();
    decoder.setBuffer(buffer);
    try {
      long previous = HEADER - 1; // sections come in order, each at most once
      while (buffer.hasRemaining()) {
        int start = buffer.position();
        long section = sectionCode(buffer);
        if (section <= previous || section > PROPERTIES) {
          return 0; // not a section, out of order (a full decode stops there too), or past the properties
        }
        if (section == PROPERTIES) {
          return firstOfListKey(encoded, buffer.position());
        }
        previous = section;
        buffer.position(start);
        decoder.readObject(); // header or annotations, which come first: small
      }
      return 0;
    } catch (RuntimeException | StackOverflowError notAMessage) {
      return 0; // bytes that are not an AMQP message (or nest without end) carry no id to dedupe by
    } finally {
      decoder.setBuffer(null);
    }
  }

  /** The key of the first element of the properties list at {@code at} (the message-id), or 0 for none. */
  private static long firstOfListKey(byte[] encoded, int at) {
    return switch (encoded[at] & 0xff) {
      case LIST8 -> encoded[at + 2] == 0 ? 0 : idKey(encoded, at + 3);
      case LIST32 -> (int) BIG_ENDIAN_INT.get(encoded, at + 5) == 0 ? 0 : idKey(encoded, at + 9);
      default -> 0;
    };
  }

  /** Hashes the id at {@code at} by kind and value, so that one id has one key however wide its encoding. */
  private static long idKey(byte[] encoded, int at) {
    int type = encoded[at] & 0xff;
    return switch (type) {
      case 0x44 -> key('u', 0L);
      case 0x53 -> key('u', encoded[at + 1] & 0xffL);
      case 0x80 -> key('u', (long) BIG_ENDIAN_LONG.get(encoded, at + 1));
      case 0x98 -> key('g', mix((long) BIG_ENDIAN_LONG.get(encoded, at + 1)) ^ (long) BIG_ENDIAN_LONG.get(encoded, at + 9));
      case 0xa0, 0xa1 -> bytesKey(type, encoded, at + 2, encoded[at + 1] & 0xff);
      case 0xb0, 0xb1 -> bytesKey(type, encoded, at + 5, (int) BIG_ENDIAN_INT.get(encoded, at + 1));
      default -> 0; // null, or no type a message-id may have (a symbol, say)
    };
  }

  private static long bytesKey(int type, byte[] encoded, int from, int length) {
    long hash = 0xcbf29ce484222325L ^ (type & 0x0f); // 0 binary, 1 string, in either width
    for (int i = 0; i < length; i++) {
      hash = (hash ^ (encoded[from + i] & 0xff)) * 0x100000001b3L;
    }
    long key = mix(hash);
    return key == 0 ? 1 : key;
  }

  private static long key(char kind, long value) {
    long key = mix(value * 31 + kind);
    return key == 0 ? 1 : key;
  }

  /** The SplitMix64 finaliser: spreads the bits, so keys can index a hash table directly. */
  private static long mix(long value) {
    long z = (value ^ (value >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The descriptor code of the section at the buffer's position, or -1 if it is not a described type. */
  private static long sectionCode(ReadableBuffer buffer) {
    if (buffer.get() != 0x00) {
      return -1;
    }
    int type = buffer.get() & 0xff;
    if (type == SMALL_ULONG) {
      return buffer.get() & 0xff;
    }
    return type == ULONG ? buffer.getLong() : -1;
  }

  /**
   * The message encoded in {@code bytes}.
   *
   * @throws DecodeException if they are not an AMQP message, whatever is wrong with them (proton's
   *     decoder also throws other exceptions on some malformed input, and overflows the stack on
   *     deep enough nesting)
   */
  public static Message decode(byte[] bytes) {
    Message message = Message.Factory.create();
    try {
      message.decode(bytes, 0, bytes.length);
    } catch (DecodeException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new DecodeException(describe(e), e);
    }
    return message;
  }

  /** What is wrong with bytes proton could not decode, in one line without class names. */
  private static String describe(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CharacterCodingException) {
        return "a string in the message is not valid UTF-8";
      }
    }
    return error instanceof StackOverflowError ? "not an AMQP message: it nests too deep"
        : "not an AMQP message: " + (error.getMessage() == null ? "its encoding is malformed" : error.getMessage());
  }
}
