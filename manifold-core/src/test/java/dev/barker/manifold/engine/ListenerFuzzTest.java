package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.ServiceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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

  private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
  private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
  private static final byte[] WEBSOCKET_UPGRADE = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Protocol: amqp\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
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
      case 1 -> concat(AMQP_HEADER, input); // proton's frame parser and our handlers
      case 2 -> concat(SASL_HEADER, input); // the SASL layer
      default -> concat(WEBSOCKET_UPGRADE, webSocketFrame(input)); // the same, through the WebSocket carrier
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
    try (Socket socket = new Socket("127.0.0.1", directory.port())) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.getOutputStream().write(wire);
      socket.shutdownOutput();
      drain(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither closed nor stopped writing within " + READ_TIMEOUT_MILLIS
          + " ms of the client's end of stream", e);
    } catch (SocketException closedEarly) {
      // the server closed (or reset) first: it had heard enough
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

  private static void drain(InputStream in) throws IOException {
    byte[] chunk = new byte[4096];
    while (in.read(chunk) >= 0) {
      // what the server says is not the point; that it ends is
    }
  }

  /** One masked binary WebSocket frame (a client must mask) carrying {@code payload}. */
  private static byte[] webSocketFrame(byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x82);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    frame.writeBytes(new byte[4]); // a zero mask key leaves the payload as it is
    frame.writeBytes(payload);
    return frame.toByteArray();
  }

  private static String stackTrace(Throwable escaped) {
    StringWriter trace = new StringWriter();
    escaped.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
