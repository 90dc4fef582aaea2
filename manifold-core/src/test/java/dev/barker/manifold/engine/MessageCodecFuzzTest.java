package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/**
 * Any bytes at all as a delivery's payload: the decoder says {@link DecodeException} or gives a
 * message, never anything else, and the manifold's message-id shortcut never throws and agrees with
 * a full decode: the key of the same id encoded afresh, or none for an id of no message-id type
 * (ulong, uuid, binary, string). (Re-encoding a decoded message is not promised: proton accepts some sections it
 * cannot write back, and the manifold forwards the bytes it got.) Runs for {@code fuzz.duration} in {@code mvn verify} (see the parent pom); inputs
 * that once failed are kept in {@code MessageCodecFuzzTestInputs}.
 */
class MessageCodecFuzzTest {

  @FuzzTest
  void anyBytesDecodeToAMessageOrSayWhyAndTheIdKeyAgrees(byte[] bytes) {
    long key = MessageCodec.messageIdKey(bytes);
    Message message;
    try {
      message = MessageCodec.decode(bytes);
    } catch (DecodeException notAMessage) {
      return;
    }
    Object id = message.getMessageId();
    if (!(id instanceof UnsignedLong || id instanceof UUID || id instanceof Binary || id instanceof String)) {
      assertEquals(0, key, "no key for a message-id of no message-id type: " + id);
      return; // proton decodes some it cannot encode again (an array of nulls, say)
    }
    Message sameId = Message.Factory.create();
    sameId.setMessageId(id);
    assertEquals(MessageCodec.messageIdKey(MessageCodec.encode(sameId)), key,
        "the key of the same message-id, encoded afresh");
  }
}
