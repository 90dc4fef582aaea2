package dev.barker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.engine.MessageCodec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class BarkTest {

  @Test
  void travelsAsAListBodyWithItsIdAsMessageId() {
    Bark bark = new Bark("ark3", "woof @rdl #subwoofer", "b1");
    Message message = MessageCodec.decode(MessageCodec.encode(bark.toMessage()));
    assertEquals(List.of("ark3", "woof @rdl #subwoofer", "b1"), ((AmqpValue) message.getBody()).getValue());
    assertEquals("b1", message.getMessageId());
    assertEquals(bark, Bark.fromMessage(message));
  }

  @Test
  void theLongestBarkInTheWidestCharactersFitsBarkersMessageSizeWithRoomToSpare() {
    String widest = "\u20ac".repeat(Bark.MAX_LENGTH); // three bytes each in UTF-8, the most one UTF-16 unit takes
    Bark bark = new Bark("a-dog-with-a-long-name", widest, "a-dog-with-a-long-name-" + "x".repeat(64));
    int size = MessageCodec.encode(bark.toMessage()).length;
    assertTrue(size * 3 < Bark.MAX_MESSAGE_SIZE, size + " bytes");
  }

  @Test
  void findsMentionsAndTags() {
    Bark bark = new Bark("ark3", "arf @rdl and @rhs, @rdl again #subwoofer #yap", "b1");
    assertEquals(Set.of("rdl", "rhs"), bark.mentions());
    assertEquals(Set.of("subwoofer", "yap"), bark.tags());
  }

  @Test
  void refusesBlankAndOverlongContent() {
    assertEquals("bark b1 from ark3 has no text",
        assertThrows(InvalidBarkException.class, () -> new Bark("ark3", "", "b1")).getMessage());
    assertEquals("bark b1 from ark3 has no text",
        assertThrows(InvalidBarkException.class, () -> new Bark("ark3", " \t ", "b1")).getMessage());
    assertEquals("bark b1 from ark3 is 281 characters long, over the 280 allowed",
        assertThrows(InvalidBarkException.class, () -> new Bark("ark3", "w".repeat(281), "b1")).getMessage());
    assertEquals(280, new Bark("ark3", "w".repeat(280), "b1").content().length());
  }

  @Test
  void saysWhatIsWrongWithAMalformedMessage() {
    assertProblem(body("just a string"), "a bark's body must be an AMQP list [user, content, id], got String");
    assertProblem(body(List.of("ark3", "woof")), "a bark's body must be [user, content, id], got 2 fields");
    assertProblem(body(Arrays.asList("ark3", 42, "b1")), "bark field content must be a string, got Integer");
    assertProblem(body(Arrays.asList(null, "woof", "b1")), "bark has no user");
    assertProblem(body(Arrays.asList("ark3", "woof", null)), "bark from ark3 has no id");
    assertProblem(Message.Factory.create(), "a bark's body must be an AMQP list [user, content, id], got none");
  }

  private static Message body(Object value) {
    Message message = Message.Factory.create();
    message.setBody(new AmqpValue(value));
    return message;
  }

  private static void assertProblem(Message message, String expected) {
    assertEquals(expected, assertThrows(InvalidBarkException.class, () -> Bark.fromMessage(message)).getMessage());
  }
}
