package dev.barker.manifold.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.barker.manifold.PythonPeer;
import dev.barker.manifold.TestNetwork;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The manifold against AMQP clients we did not write: Qpid JMS and Python's Proton C binding. */
@Timeout(60)
class InteropTest {

  private final TestNetwork network = new TestNetwork();
  private Manifold inbox;

  @BeforeEach
  void start() {
    inbox = network.manifold(network.manifoldOptions("/inbox").history(100));
  }

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void qpidJmsSendsToAndConsumesFromTheManifold() throws Exception {
    JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + inbox.port());
    try (Connection connection = factory.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      Queue queue = session.createQueue(network.address("/inbox/jms").toString());
      MessageProducer producer = session.createProducer(queue);
      for (int i = 0; i < 10; i++) {
        producer.send(session.createTextMessage("jms" + i)); // synchronous: returns once accepted
      }
      List<String> fromJava = network.subscribe(network.address("/inbox/jms"));
      MessageConsumer consumer = session.createConsumer(queue);
      List<String> received = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        TextMessage message = (TextMessage) consumer.receive(10_000);
        assertNotNull(message, "message " + i + " did not arrive");
        received.add(message.getText());
        message.acknowledge();
      }
      assertEquals(TestNetwork.bodies("jms", 10), received);
      await().until(() -> fromJava.size() == 10);
      assertEquals(TestNetwork.bodies("jms", 10), fromJava);
    }
  }

  @Test
  void qpidJmsConsumesWhatOurLinksSent() throws Exception {
    ManifoldTest.awaitAccepted(network.send(network.address("/inbox/rdl"), TestNetwork.bodies("m", 5)));
    JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + inbox.port());
    try (Connection connection = factory.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = session.createConsumer(session.createQueue("/inbox/rdl"));
      for (int i = 0; i < 5; i++) {
        TextMessage message = (TextMessage) consumer.receive(10_000);
        assertNotNull(message, "message " + i + " did not arrive");
        assertEquals("m" + i, message.getText());
      }
    }
  }

  @Test
  void pythonProtonSendsToAndReceivesFromTheManifold() throws Exception {
    PythonPeer.assumeInstalled();
    try (PythonPeer peer = PythonPeer.start("python/loopback_peer.py", "127.0.0.1:" + inbox.port(),
        network.address("/inbox/py").toString(), "200")) {
      String summary = peer.nextLine(30);
      assertEquals(0, peer.waitFor(30), summary);
      assertEquals("200/200 received in order=True, all accepted=True",
          summary.substring(summary.indexOf(": ") + 2));
    }
  }
}
