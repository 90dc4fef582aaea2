package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.barker.manifold.RawPeer;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.ServiceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Any bytes on a listener's port (here the directory's), raw, after the AMQP or SASL header, or
 * inside a WebSocket frame after a proper upgrade: the server answers or closes, never hangs once
 * the client has sent all it will (end of stream), lets no exception escape its handlers, and keeps
 * serving other clients. Runs for {@code fuzz.duration} in {@code mvn verify} (see the parent pom).
 */
class ListenerFuzzTest {

  private static final byte[] WEBSOCKET_UPGRADE = RawPeer.webSocketUpgrade("amqp", null);
  private static final int READ_TIMEOUT_MILLIS = 5_000;
  private static final int INPUTS_BETWEEN_HEALTH_CHECKS = 64;

  private static final TestLoop LOOP = new TestLoop();
  private static final List<Throwable> ESCAPED = new CopyOnWriteArrayList<>();
  private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
  private static Directory directory;
  private static int inputs;

  @BeforeAll
  static void start() {
    LOOP.vertx().exceptionHandler(ESCAPED::add);
    LOGGED.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(LOGGED);
    root.setLevel(Level.WARN); // the fuzzer's thousands of refused connections, without the chatter
    directory = LOOP.await(() -> Directory.start(LOOP.vertx(), new ServiceOptions(0)));
  }

  @AfterAll
  static void stop() {
    try (SilentCloseable toTheDirectoryOnly = allowConnectionsToTheDirectory()) {
      assertStillServing();
    }
    LOOP.close();
  }

  @FuzzTest
  void anyBytesAreAnsweredOrClosedAndHarmNoOneElse(FuzzedDataProvider data) throws IOException {
    int carrier = data.consumeInt(0, 3);
    byte[] input = data.consumeRemainingAsBytes();
    byte[] wire = switch (carrier) {
      case 0 -> input; // the protocol sniffer first
      case 1 -> RawPeer.concat(RawPeer.AMQP_HEADER, input); // proton's frame parser and our handlers
      case 2 -> RawPeer.concat(RawPeer.SASL_HEADER, input); // the SASL layer
      default -> RawPeer.concat(WEBSOCKET_UPGRADE, RawPeer.webSocketFrame(input)); // the same, through the WebSocket carrier
    };
    try (SilentCloseable toTheDirectoryOnly = allowConnectionsToTheDirectory()) {
      send(wire);
      assertTrue(ESCAPED.isEmpty(), () -> "escaped the handlers: " + stackTrace(ESCAPED.get(0)));
      List<ILoggingEvent> failures = LOGGED.list.stream().filter(event -> event.getThrowableProxy() != null).toList();
      assertTrue(failures.isEmpty(), () -> "logged with an exception: " + failures.get(0).getFormattedMessage()
          + ": " + failures.get(0).getThrowableProxy().getClassName() + ": " + failures.get(0).getThrowableProxy().getMessage());
      LOGGED.list.clear();
      if (++inputs % INPUTS_BETWEEN_HEALTH_CHECKS == 0) {
        assertStillServing();
      }
    }
  }

  /** Jazzer reports any connection as request forgery unless told which are meant. */
  private static SilentCloseable allowConnectionsToTheDirectory() {
    return BugDetectors.allowNetworkConnections((host, port) -> port == directory.port());
  }

  /** Writes {@code wire}, ends the stream and reads until the server closes. */
  private static void send(byte[] wire) throws IOException {
    try (RawPeer peer = RawPeer.connect(directory.port(), READ_TIMEOUT_MILLIS)) {
      peer.write(wire).shutdownOutput().readUntilClosed(); // what the server says is not the point; that it ends is
    } catch (SocketException closedEarly) {
      // the server closed (or reset) before it read all we wrote: it had heard enough
    }
  }

  /** A well-behaved client still gets its answer: a link to an address nobody serves is refused, saying so. */
  private static void assertStillServing() {
    Throwable refused = LOOP.await(() -> new AmqpClient(LOOP.vertx(), new EngineOptions())
        .connect("127.0.0.1", directory.port())
        .compose(connection -> {
          AmqpReceiver receiver = connection.createReceiver("/nobody/here");
          receiver.open();
          return receiver.opened().transform(attached -> {
            connection.close();
            return io.vertx.core.Future.succeededFuture(attached.cause());
          });
        }));
    assertTrue(refused != null && refused.getMessage().contains(AmqpError.NOT_FOUND.toString()), String.valueOf(refused));
  }

  private static String stackTrace(Throwable escaped) {
    StringWriter trace = new StringWriter();
    escaped.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
