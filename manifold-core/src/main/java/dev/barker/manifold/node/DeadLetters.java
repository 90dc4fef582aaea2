package dev.barker.manifold.node;

import dev.barker.manifold.engine.MessageCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/**
 * Why and when a message became a dead letter, kept in its message annotations (as brokers do:
 * RabbitMQ's x-death, Artemis's _AMQ_ORIG_*), and taken out again when an operator retries it, so
 * the push target gets the message as it first came. Bytes that do not decode stay as they are.
 */
final class DeadLetters {

  /** Annotation: the push target's reason, in one line. */
  static final Symbol REASON = Symbol.valueOf("x-opt-dead-letter-reason");
  /** Annotation: when the target rejected it (ms since the epoch). */
  static final Symbol TIME = Symbol.valueOf("x-opt-dead-letter-time");

  private DeadLetters() {
  }

  /** {@code bytes} with {@code reason} and {@code atMillis} in its annotations. */
  static byte[] annotate(byte[] bytes, String reason, long atMillis) {
    return rewrite(bytes, annotations -> {
      annotations.put(REASON, reason);
      annotations.put(TIME, atMillis);
    });
  }

  /** {@code bytes} without the annotations {@link #annotate} added. */
  static byte[] restore(byte[] bytes) {
    return rewrite(bytes, annotations -> {
      annotations.remove(REASON);
      annotations.remove(TIME);
    });
  }

  /** The reason {@link #annotate} kept in {@code message}, or null. */
  static Object reasonOf(Message message) {
    return message.getMessageAnnotations() == null ? null : message.getMessageAnnotations().getValue().get(REASON);
  }

  private static byte[] rewrite(byte[] bytes, Consumer<Map<Symbol, Object>> change) {
    Message message;
    try {
      message = MessageCodec.decode(bytes);
    } catch (DecodeException undecodable) {
      return bytes;
    }
    Map<Symbol, Object> annotations = message.getMessageAnnotations() == null ? new HashMap<>()
        : new HashMap<>(message.getMessageAnnotations().getValue());
    change.accept(annotations);
    message.setMessageAnnotations(annotations.isEmpty() ? null : new MessageAnnotations(annotations));
    return MessageCodec.encode(message);
  }
}
