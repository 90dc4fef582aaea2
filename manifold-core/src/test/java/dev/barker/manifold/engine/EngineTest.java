package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.TestLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EngineTest {

  private final TestLoop loop = new TestLoop();
  private final LoopbackNode node = new LoopbackNode();
  private final EngineOptions options = new EngineOptions();
  private AmqpListener listener;
  private AmqpClient client;

  @BeforeEach
  void listen() {
    listener = loop.await(() -> AmqpListener.listen(loop.vertx(), "127.0.0.1", 0, options, node::serve));
    client = new AmqpClient(loop.vertx(), options);
  }

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void sendsAndReceivesOverTcp() {
    AmqpConnection connection = loop.await(() -> client.connect("127.0.0.1", listener.port()));
    assertRoundTrip(connection);
  }

  @Test
  void sendsAndReceivesOverWebSocketOnTheSamePort() {
    AmqpConnection connection = loop.await(() -> client.connectWebSocket("127.0.0.1", listener.port()));
    assertRoundTrip(connection);
  }

  private void assertRoundTrip(AmqpConnection connection) {
    List<DeliveryState> outcomes = new CopyOnWriteArrayList<>();
    loop.await(() -> {
      AmqpSender sender = connection.createSender("/q");
      sender.open();
      return sender.opened().onSuccess(v -> {
        for (int i = 0; i < 5; i++) {
          sender.send(MessageCodec.encode(bark("m" + i)), outcomes::add);
        }
      });
    });
    org.awaitility.Awaitility.await().until(() -> outcomes.size() == 5);
    List<Object> bodies = new CopyOnWriteArrayList<>();
    loop.run(() -> {
      AmqpReceiver receiver = connection.createReceiver("/q");
      receiver.handler(d -> {
        bodies.add(((AmqpValue) d.message().getBody()).getValue());
        d.accept();
      }).window(2);
      receiver.open();
    });
    org.awaitility.Awaitility.await().until(() -> bodies.size() == 5);
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(List.of("ark3", "m" + i, "id" + i));
    }
    assertEquals(5, bodies.size());
  }

  private static Message bark(String content) {
    Message message = Message.Factory.create();
    message.setBody(new AmqpValue(List.of("ark3", content, "id")));
    return message;
  }
}
