package dev.barker.manifold.engine;

import java.nio.BufferOverflowException;
import java.util.Arrays;
import org.apache.qpid.proton.message.Message;

/** Encodes and decodes whole AMQP messages as byte arrays, the form the engine sends and receives. */
public final class MessageCodec {

  private static final int FIRST_GUESS = 512;

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

  /** The message-id of an encoded message, or null when it has none or is not a message. */
  public static Object messageId(byte[] bytes) {
    try {
      return decode(bytes).getMessageId();
    } catch (RuntimeException notAMessage) {
      return null;
    }
  }

  /**
   * The message encoded in {@code bytes}.
   *
   * @throws org.apache.qpid.proton.codec.DecodeException if they are not an AMQP message
   */
  public static Message decode(byte[] bytes) {
    Message message = Message.Factory.create();
    message.decode(bytes, 0, bytes.length);
    return message;
  }
}
