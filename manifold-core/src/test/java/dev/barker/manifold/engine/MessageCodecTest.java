package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  @Test
  void keysTheMessageIdPastHeaderAndAnnotationsWhateverItsType() {
    Set<Long> keys = new HashSet<>();
    for (Object id : new Object[] {"b1", "b2", UnsignedLong.valueOf(42), UUID.randomUUID(), new Binary(new byte[] {1, 2}),
        "x".repeat(300)}) {
      Message message = Message.Factory.create();
      Header header = new Header();
      header.setDurable(true);
      message.setHeader(header);
      message.setDeliveryAnnotations(new DeliveryAnnotations(Map.of(Symbol.valueOf("x-opt-a"), "a")));
      message.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("x-opt-b"), 7)));
      message.setMessageId(id);
      message.setSubject("s".repeat(300)); // a properties list over 255 bytes: list32
      message.setApplicationProperties(new ApplicationProperties(Map.of("k", "v")));
      message.setBody(new AmqpValue(List.of("ark3", "woof", "b1")));
      long key = MessageCodec.messageIdKey(MessageCodec.encode(message));
      assertNotEquals(0, key, String.valueOf(id));
      assertEquals(key, MessageCodec.messageIdKey(MessageCodec.encode(withOnlyId(id))), "same id, same key: " + id);
      keys.add(key);
    }
    assertEquals(6, keys.size(), "different ids, different keys");
  }

  private static Message withOnlyId(Object id) {
    Message message = Message.Factory.create();
    message.setMessageId(id);
    return message;
  }

  @Test
  void noIdWhereThereIsNone() {
    Message bare = Message.Factory.create();
    bare.setBody(new AmqpValue("no properties at all"));
    assertEquals(0, MessageCodec.messageIdKey(MessageCodec.encode(bare)));
    Message noId = Message.Factory.create();
    noId.setSubject("properties, but no id");
    assertEquals(0, MessageCodec.messageIdKey(MessageCodec.encode(noId)));
    assertEquals(0, MessageCodec.messageIdKey(new byte[] {1, 2, 3}));
    assertEquals(0, MessageCodec.messageIdKey(new byte[0]));
    assertEquals(0, MessageCodec.messageIdKey(MessageCodec.encode(withOnlyId(Symbol.valueOf("b1")))),
        "a symbol is no type a message-id may have (proton would decode a non-ASCII one lossily)");
  }
}
