package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.RawPeer;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.ServiceOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad bytes on the directory's port end that one connection with a clear error, and the directory
 * goes on serving everyone else.
 */
@Timeout(60)
class BadInputTest {

  private final TestLoop loop = new TestLoop();
  private Directory directory;
  private AmqpConnection bystander;

  @BeforeEach
  void start() {
    directory = loop.await(() -> Directory.start(loop.vertx(), new ServiceOptions(0)));
    bystander = connect();
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void garbageBytesGetAFramingErrorAndTheConnectionIsClosed() throws IOException {
    String answer = exchange("HELLO, THIS IS NOT AMQP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(answer.startsWith("AMQP"), answer);
    assertTrue(answer.contains("amqp:connection:framing-error"), answer);
    assertStillServes();
  }

  @Test
  void wrongProtocolHeaderIsAnsweredWithOursAndClosed() throws IOException {
    String answer = exchange(new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0}); // AMQP over TLS: not offered
    assertTrue(answer.startsWith("AMQP"), answer);
    assertTrue(answer.contains("amqp:connection:framing-error"), answer);
    assertStillServes();
  }

  @Test
  void frameLargerThanTheMaxFrameSizeIsAFramingError() throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(RawPeer.AMQP_HEADER.length + 8);
    frame.put(RawPeer.AMQP_HEADER).putInt(10_000_000).put((byte) 2).put((byte) 0).putShort((short) 0);
    String answer = exchange(frame.array());
    assertTrue(answer.contains("amqp:connection:framing-error"), answer);
    assertTrue(answer.contains("greater than maximum valid frame size " + EngineOptions.DEFAULT_MAX_FRAME_SIZE), answer);
    assertStillServes();
  }

  @Test
  void plainHttpRequestForAPathNotServedGets404SayingWhatThePortIsFor() throws IOException {
    String answer = exchange("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
    assertTrue(answer.contains("this port speaks AMQP (and AMQP over WebSocket); plain HTTP GETs are for /health/live"), answer);
    assertStillServes();
  }

  @Test
  void webSocketWithoutTheAmqpSubprotocolIsRefusedWith400() throws IOException {
    String answer = exchange(RawPeer.webSocketUpgrade("mqtt", null));
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("needs the 'amqp' subprotocol"), answer);
    assertStillServes();
  }

  @Test
  void webSocketFromAPageOfAnotherOriginIsRefusedWith403() throws IOException {
    String answer = exchange(RawPeer.webSocketUpgrade("amqp", "http://evil.example:8080"));
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(answer.contains("pages from origin http://evil.example:8080 may not connect here"), answer);
    assertStillServes();
  }

  @Test
  void webSocketFromAPageOfTheSameHostIsAccepted() throws IOException {
    assertEquals("HTTP/1.1 101", upgradeAnswer("http://127.0.0.1:8080"));
  }

  @Test
  void webSocketFromAPageOpenedAsLocalhostIsAcceptedByAServiceOn127001() throws IOException {
    assertEquals("HTTP/1.1 101", upgradeAnswer("http://localhost:8080"), "loopback names are one machine");
  }

  private String upgradeAnswer(String origin) throws IOException {
    try (RawPeer peer = RawPeer.connect(directory.port())) {
      peer.write(RawPeer.webSocketUpgrade("amqp", origin));
      byte[] head = new byte[12];
      int read = peer.input().readNBytes(head, 0, head.length);
      return new String(head, 0, read, StandardCharsets.US_ASCII);
    }
  }

  @Test
  void messageOverTheMaxMessageSizeClosesThatLinkOnly() {
    AmqpConnection connection = connect();
    CompletableFuture<ErrorCondition> closedWith = new CompletableFuture<>();
    loop.await(() -> {
      AmqpSender sender = connection.createSender(directory.address().toString());
      sender.closeHandler(closedWith::complete).open();
      return sender.opened().onSuccess(v -> {
        Message huge = Message.Factory.create();
        huge.setBody(new Data(new Binary(new byte[EngineOptions.DEFAULT_MAX_MESSAGE_SIZE + 1])));
        sender.send(MessageCodec.encode(huge), outcome -> { });
      });
    });
    ErrorCondition condition = closedWith.orTimeout(TestLoop.TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    assertEquals(AmqpReceiver.MESSAGE_SIZE_EXCEEDED, condition.getCondition());
    assertTrue(condition.getDescription().contains("over " + EngineOptions.DEFAULT_MAX_MESSAGE_SIZE + " bytes"),
        condition.getDescription());
    assertTrue(connection.isOpen(), "only the link ends, not the connection");
    assertStillServes();
  }

  /** Sends {@code bytes} on a raw socket and returns everything the directory answers until it closes. */
  private String exchange(byte[] bytes) throws IOException {
    try (RawPeer peer = RawPeer.connect(directory.port())) {
      return peer.write(bytes).readUntilClosed();
    }
  }

  /** A connection opened before the bad input, and a new one, both still work. */
  private void assertStillServes() {
    for (AmqpConnection connection : new AmqpConnection[] {bystander, connect()}) {
      loop.await(() -> {
        AmqpReceiver routeStream = connection.createReceiver(directory.address().toString());
        routeStream.open();
        return routeStream.opened();
      });
    }
  }

  private AmqpConnection connect() {
    return loop.await(() -> new AmqpClient(loop.vertx(), new EngineOptions()).connect("127.0.0.1", directory.port()));
  }
}
