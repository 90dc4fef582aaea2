package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/**
 * Any bytes at all as a delivery's payload: the decoder says {@link DecodeException} or gives a
 * message, never anything else, and the manifold's message-id shortcut never throws and agrees with
 * a full decode. (Re-encoding a decoded message is not promised: proton accepts some sections it
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
    Message sameId = Message.Factory.create();
    sameId.setMessageId(message.getMessageId());
    assertEquals(MessageCodec.messageIdKey(MessageCodec.encode(sameId)), key,
        "the key of the same message-id, encoded afresh");
  }
}
