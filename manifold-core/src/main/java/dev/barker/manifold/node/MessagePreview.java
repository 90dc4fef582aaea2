package dev.barker.manifold.node;

import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.stream.Entry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/** A held message as a console lists it: position, id, subject, when, size, a short text of its body, why it died. */
final class MessagePreview {

  /** Characters of a body shown at most. */
  static final int BODY_CHARACTERS = 200;

  private MessagePreview() {
  }

  static Map<String, Object> of(Entry entry) {
    Map<String, Object> preview = new LinkedHashMap<>();
    preview.put("seq", entry.seq());
    preview.put("at", entry.appendedAtMillis());
    preview.put("size", entry.bytes().length);
    try {
      Message message = MessageCodec.decode(entry.bytes());
      preview.put("id", message.getMessageId() == null ? null : String.valueOf(message.getMessageId()));
      preview.put("subject", message.getSubject());
      preview.put("body", shorten(bodyText(message)));
      Object reason = DeadLetters.reasonOf(message);
      if (reason != null) {
        preview.put("reason", String.valueOf(reason));
      }
    } catch (DecodeException undecodable) {
      preview.put("body", "(not decodable: " + undecodable.getMessage() + ")");
    }
    return preview;
  }

  private static String bodyText(Message message) {
    if (message.getBody() instanceof AmqpValue value) {
      return String.valueOf(value.getValue());
    }
    if (message.getBody() instanceof Data data) {
      Binary binary = data.getValue();
      return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
    }
    return message.getBody() == null ? "" : String.valueOf(message.getBody());
  }

  private static String shorten(String text) {
    return text.length() <= BODY_CHARACTERS ? text : text.substring(0, BODY_CHARACTERS) + "\u2026";
  }
}
