package dev.barker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.barker.manifold.engine.MessageCodec;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/**
 * Any bytes arriving at bizlogic as a bark: they give a valid bark or an
 * {@link InvalidBarkException} saying what is wrong (which bizlogic rejects with
 * {@code amqp:invalid-field}), never another exception that would end the outbox's push link;
 * a bark read survives being written again, and its mentions and tags can be taken.
 */
class BarkFuzzTest {

  @FuzzTest
  void anyMessageGivesABarkOrSaysWhatIsWrong(byte[] bytes) {
    Message message;
    try {
      message = MessageCodec.decode(bytes);
    } catch (DecodeException notAMessage) {
      return;
    }
    try {
      Bark bark = Bark.fromMessage(message);
      bark.mentions();
      bark.tags();
      assertEquals(bark, Bark.fromMessage(MessageCodec.decode(MessageCodec.encode(bark.toMessage()))));
    } catch (InvalidBarkException invalid) {
      // what bizlogic rejects with amqp:invalid-field
    }
  }
}
