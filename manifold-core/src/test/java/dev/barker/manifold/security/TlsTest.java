package dev.barker.manifold.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.DirectoryOptions;
import dev.barker.manifold.node.ServiceOptions;
import io.vertx.core.Future;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory listening with TLS only, on a self-signed certificate made at test time: our
 * client over TLS and over wss (host name checked), Qpid JMS over amqps, and plain AMQP refused.
 */
@Timeout(60)
class TlsTest {

  private static final String REFUSED = "amqp:not-found";
  private static final TestLoop LOOP = new TestLoop();

  @TempDir
  static Path dir;
  private static Tls tls;
  private static Directory directory;

  @BeforeAll
  static void start() throws Exception {
    tls = SelfSignedCertificate.in(dir);
    directory = LOOP.await(() -> Directory.start(LOOP.vertx(), new DirectoryOptions(new ServiceOptions(0)
        .engine(new EngineOptions().tls(tls)))));
  }

  @AfterAll
  static void stop() {
    LOOP.close();
  }

  @Test
  void ourClientSpeaksAmqpOverTlsAndWebSocketOverTls() {
    AmqpClient client = LOOP.call(() -> new AmqpClient(LOOP.vertx(), new EngineOptions().tls(tls)));
    assertEquals(REFUSED, askForNothing(client::connect), "an answer over TLS");
    assertEquals(REFUSED, askForNothing(client::connectWebSocket), "an answer over wss");
  }

  @Test
  void plainAmqpGetsNoAnswer() {
    AmqpClient plain = LOOP.call(() -> new AmqpClient(LOOP.vertx(), new EngineOptions()));
    assertEquals("no connection", askForNothing(plain::connect));
  }

  @Test
  void qpidJmsConnectsWithAmqps() throws JMSException {
    JmsConnectionFactory factory = new JmsConnectionFactory("amqps://localhost:" + directory.port()
        + "?transport.trustAll=true");
    try (Connection connection = factory.createConnection()) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      JMSException notFound = assertThrows(JMSException.class,
          () -> session.createConsumer(session.createQueue("/nobody/here")));
      assertTrue(notFound.getMessage().contains("no route"), notFound.getMessage());
    }
  }

  /** Connects with {@code connect}, attaches to an address nobody serves: the condition it is refused with. */
  private static String askForNothing(BiFunction<String, Integer, Future<AmqpConnection>> connect) {
    return LOOP.await(() -> connect.apply("127.0.0.1", directory.port()).compose(connection -> {
      AmqpReceiver receiver = connection.createReceiver("/nobody/here");
      receiver.open();
      return receiver.opened().transform(done -> {
        connection.close();
        return Future.succeededFuture(done.succeeded() ? "attached"
            : String.valueOf(((LinkClosedException) done.cause()).condition().getCondition()));
      });
    }).recover(failed -> Future.succeededFuture("no connection")));
  }
}
