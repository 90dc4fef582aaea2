package dev.barker.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.barker.manifold.engine.MessageCodec;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;

/**
 * Any bytes sent to the directory as a registration: reading them gives a route or an
 * {@link InvalidRouteException} naming the field (what the directory rejects with
 * {@code amqp:invalid-field}), never another exception; a route read survives being written again.
 */
class RouteMessageFuzzTest {

  @FuzzTest
  void anyRegistrationGivesARouteOrNamesTheWrongField(byte[] bytes) {
    Message message;
    try {
      message = MessageCodec.decode(bytes);
    } catch (DecodeException notAMessage) {
      return;
    }
    Route.opcodeOf(message);
    try {
      Route route = Route.fromRouteMessage(message);
      assertEquals(route, Route.fromRouteMessage(roundTrip(route.toMessage())));
    } catch (InvalidRouteException wrongField) {
      // what the directory answers with amqp:invalid-field
    }
    try {
      Route pattern = Route.fromUnrouteMessage(message);
      assertEquals(pattern, Route.fromUnrouteMessage(roundTrip(pattern.toUnrouteMessage())));
    } catch (InvalidRouteException wrongField) {
      // likewise
    }
  }

  private static Message roundTrip(Message message) {
    return MessageCodec.decode(MessageCodec.encode(message));
  }
}
