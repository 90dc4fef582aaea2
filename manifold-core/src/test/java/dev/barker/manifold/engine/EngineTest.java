package dev.barker.manifold.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Delivery;
import dev.barker.manifold.RawPeer;
import dev.barker.manifold.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine over real sockets: both carriers on one port, SASL or none, idle timeout, credit,
 * limits, links spread over sessions.
 */
@Timeout(30)
class EngineTest {

  private final TestLoop loop = new TestLoop();
  private final LoopbackNode node = new LoopbackNode();

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void sendsAndReceivesOverTcp() {
    AmqpListener listener = listen(new EngineOptions());
    assertRoundTrip(loop.await(() -> client(new EngineOptions()).connect("127.0.0.1", listener.port())));
  }

  @Test
  void sendsAndReceivesOverWebSocketOnTheSamePort() {
    AmqpListener listener = listen(new EngineOptions());
    assertRoundTrip(loop.await(() -> client(new EngineOptions()).connectWebSocket("127.0.0.1", listener.port())));
  }

  @Test
  void carriesMessagesLargerThanTheFrameSizeOverWebSocket() {
    AmqpListener listener = listen(new EngineOptions());
    AmqpConnection connection = loop.await(() -> client(new EngineOptions()).connectWebSocket("127.0.0.1", listener.port()));
    String big = "w".repeat(300_000);
    List<DeliveryState> outcomes = sendAll(connection, "/big", List.of(big));
    await().until(() -> outcomes.size() == 1);
    assertEquals(List.of(big), receiveAll(connection, "/big", 1, 10));
  }

  @Test
  void acceptsAClientThatSkipsSasl() throws Exception {
    AmqpListener listener = listen(new EngineOptions());
    try (ProtonPeer peer = new ProtonPeer(listener.port())) {
      peer.connection.open();
      peer.pumpUntil(() -> peer.connection.getRemoteState() == EndpointState.ACTIVE);
    }
  }

  @Test
  void sessionsBeyondTheLimitAreEndedSayingWhy() throws Exception {
    AmqpListener listener = listen(new EngineOptions().maxSessions(2));
    try (ProtonPeer peer = new ProtonPeer(listener.port())) {
      peer.connection.open();
      List<Session> sessions = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Session session = peer.connection.session();
        session.open();
        sessions.add(session);
      }
      peer.pumpUntil(() -> sessions.get(2).getRemoteState() == EndpointState.CLOSED);

      assertEquals(1, peer.transport.getRemoteChannelMax(), "the limit is advertised as channel-max");
      assertLimitExceeded(sessions.get(2).getRemoteCondition(), "at most 2 sessions per connection");
      assertEquals(EndpointState.ACTIVE, sessions.get(0).getRemoteState());
      assertEquals(EndpointState.ACTIVE, sessions.get(1).getRemoteState());
      assertEquals(EndpointState.ACTIVE, peer.connection.getRemoteState());
    }
  }

  @Test
  void ourLinksSpreadOverSessionsOfAThousandAndAFullOneEndsOnceItsLinksHaveGone() {
    AmqpListener listener = listen(new EngineOptions());
    AmqpConnection connection = loop.await(() -> client(new EngineOptions()).connect("127.0.0.1", listener.port()));
    int count = 2 * OwnSessions.LINKS_PER_SESSION + 1;
    List<AmqpReceiver> receivers = loop.call(() -> {
      List<AmqpReceiver> made = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        AmqpReceiver receiver = connection.createReceiver("/q" + i);
        receiver.handler(Delivery::accept);
        receiver.open();
        made.add(receiver);
      }
      return made;
    });
    await().until(() -> loop.call(() -> receivers.stream().allMatch(AmqpLink::isOpen)));
    List<Session> sessions = loop.call(() -> receivers.stream().map(r -> r.link.getSession()).distinct().toList());
    assertEquals(3, sessions.size(), "2,001 links: sessions of 1,000, 1,000 and 1");

    loop.run(() -> receivers.subList(0, OwnSessions.LINKS_PER_SESSION).forEach(AmqpLink::close));

    await().until(() -> loop.call(() -> sessions.get(0).getRemoteState() == EndpointState.CLOSED));
    assertEquals(EndpointState.ACTIVE, loop.call(() -> sessions.get(1).getRemoteState()));
    assertRoundTrip(connection); // its other sessions go on, and a new link takes one
  }

  @Test
  void linksBeyondTheLimitAreRefusedSayingWhy() throws Exception {
    AmqpListener listener = listen(new EngineOptions().maxLinks(2));
    try (ProtonPeer peer = new ProtonPeer(listener.port())) {
      List<Receiver> links = attachReceivers(peer, List.of("/q", "/q", "/q"));
      peer.pumpUntil(() -> links.get(2).getRemoteState() == EndpointState.CLOSED);

      assertLimitExceeded(links.get(2).getRemoteCondition(), "at most 2 links per connection");
      assertEquals(EndpointState.ACTIVE, links.get(0).getRemoteState());
      assertEquals(EndpointState.ACTIVE, links.get(1).getRemoteState());
    }
  }

  @Test
  void addressesBeyondTheLimitAreRefusedSayingWhy() throws Exception {
    AmqpListener listener = listen(new EngineOptions().maxAddressLength(16));
    try (ProtonPeer peer = new ProtonPeer(listener.port())) {
      List<Receiver> links = attachReceivers(peer, List.of("/" + "x".repeat(100), "/short"));
      peer.pumpUntil(() -> links.get(0).getRemoteState() == EndpointState.CLOSED
          && links.get(1).getRemoteState() == EndpointState.ACTIVE);

      ErrorCondition refused = links.get(0).getRemoteCondition();
      assertEquals(AmqpError.INVALID_FIELD, refused.getCondition());
      assertEquals("address is 101 characters long; at most 16 are allowed", refused.getDescription());
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedSayingWhyUntilOneGoes() throws Exception {
    AmqpListener listener = listen(new EngineOptions().maxConnections(1));
    try (ProtonPeer first = new ProtonPeer(listener.port())) {
      first.connection.open();
      first.pumpUntil(() -> first.connection.getRemoteState() == EndpointState.ACTIVE);
      try (ProtonPeer second = new ProtonPeer(listener.port())) {
        second.connection.open();
        second.pumpUntil(() -> second.connection.getRemoteState() == EndpointState.CLOSED);
        assertLimitExceeded(second.connection.getRemoteCondition(),
            "this listener already holds its limit of 1 connections; try later");
      }
    }
    await().until(() -> loop.call(listener::connectionCount) == 0);
    try (ProtonPeer third = new ProtonPeer(listener.port())) {
      third.connection.open();
      third.pumpUntil(() -> third.connection.getRemoteState() == EndpointState.ACTIVE);
    }
  }

  @Test
  void silentPeerIsDroppedAfterTheIdleTimeout() throws Exception {
    AmqpListener listener = listen(new EngineOptions().idleTimeout(Duration.ofMillis(500)));
    try (RawPeer peer = RawPeer.connect(listener.port(), 10_000)) {
      peer.write(RawPeer.AMQP_HEADER);
      long start = System.nanoTime();
      String answer = peer.readUntilClosed();
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answer.contains("local-idle-timeout expired"), answer);
      assertTrue(waitedMillis >= 400, "closed after only " + waitedMillis + " ms");
    }
  }

  @Test
  void anAttachOnAHandleInUseClosesTheConnectionSayingSoAndOthersGoOn() throws Exception {
    AmqpListener listener = listen(new EngineOptions());
    Attach attach = new Attach();
    attach.setName("twice");
    attach.setHandle(UnsignedInteger.ZERO);
    attach.setRole(Role.RECEIVER);
    attach.setSource(new Source());
    Begin begin = new Begin();
    begin.setNextOutgoingId(UnsignedInteger.ZERO);
    begin.setIncomingWindow(UnsignedInteger.valueOf(100));
    begin.setOutgoingWindow(UnsignedInteger.valueOf(100));
    Open open = new Open();
    open.setContainerId("raw");
    try (RawPeer peer = RawPeer.connect(listener.port(), 10_000)) {
      // in one write: proton reads both attaches before we act on either
      peer.write(RawPeer.AMQP_HEADER).writeFrames(open, begin, attach, attach);
      String answer = peer.readUntilClosed();
      assertTrue(answer.contains("amqp:session:handle-in-use") && answer.contains("attach on a handle already in use"),
          answer);
    }
    AmqpConnection other = loop.await(() -> client(new EngineOptions()).connect("127.0.0.1", listener.port()));
    assertTrue(loop.call(other::isOpen));
  }

  @Test
  void idleConnectionsStayOpenThroughHeartbeats() {
    EngineOptions shortTimeout = new EngineOptions().idleTimeout(Duration.ofMillis(400));
    AmqpListener listener = listen(shortTimeout);
    AmqpConnection connection = loop.await(() -> client(shortTimeout).connect("127.0.0.1", listener.port()));
    await().during(Duration.ofMillis(2_000)).atMost(Duration.ofSeconds(5)).until(() -> loop.call(connection::isOpen));
  }

  @Test
  void receiverWindowBoundsWhatThePeerMaySendUntilDeliveriesAreSettled() {
    AmqpListener listener = listen(new EngineOptions());
    AmqpConnection connection = loop.await(() -> client(new EngineOptions()).connect("127.0.0.1", listener.port()));
    List<String> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add("m" + i);
    }
    List<DeliveryState> outcomes = sendAll(connection, "/q", fifty);
    await().until(() -> outcomes.size() == 50);
    List<Delivery> held = new CopyOnWriteArrayList<>();
    loop.run(() -> {
      AmqpReceiver receiver = connection.createReceiver("/q");
      receiver.handler(held::add).window(10);
      receiver.open();
    });
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> held.size() == 10);

    loop.run(() -> held.subList(0, 5).forEach(Delivery::accept));

    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> held.size() == 15);
  }

  @Test
  void outcomesComeBackToTheSender() {
    AmqpListener listener = listen(new EngineOptions());
    AmqpConnection connection = loop.await(() -> client(new EngineOptions()).connect("127.0.0.1", listener.port()));
    List<DeliveryState> outcomes = sendAll(connection, "/q", List.of("a", "b"));
    await().until(() -> outcomes.size() == 2);
    assertTrue(outcomes.stream().allMatch(Accepted.class::isInstance), outcomes.toString());
  }

  private void assertRoundTrip(AmqpConnection connection) {
    List<String> sent = List.of("m0", "m1", "m2", "m3", "m4");
    List<DeliveryState> outcomes = sendAll(connection, "/q", sent);
    await().until(() -> outcomes.size() == sent.size());
    assertEquals(sent, receiveAll(connection, "/q", sent.size(), 2));
  }

  private List<DeliveryState> sendAll(AmqpConnection connection, String address, List<String> bodies) {
    List<DeliveryState> outcomes = new CopyOnWriteArrayList<>();
    loop.await(() -> {
      AmqpSender sender = connection.createSender(address);
      sender.open();
      return sender.opened().onSuccess(v -> bodies.forEach(body -> sender.send(encode(body), outcomes::add)));
    });
    return outcomes;
  }

  private List<String> receiveAll(AmqpConnection connection, String address, int count, int window) {
    List<String> bodies = new CopyOnWriteArrayList<>();
    loop.run(() -> {
      AmqpReceiver receiver = connection.createReceiver(address);
      receiver.handler(delivery -> {
        bodies.add((String) ((AmqpValue) delivery.message().getBody()).getValue());
        delivery.accept();
      }).window(window);
      receiver.open();
    });
    await().until(() -> bodies.size() == count);
    return bodies;
  }

  private AmqpListener listen(EngineOptions options) {
    return loop.await(() -> AmqpListener.listen(loop.vertx(), "127.0.0.1", 0, options, node::serve));
  }

  private AmqpClient client(EngineOptions options) {
    return new AmqpClient(loop.vertx(), options);
  }

  private static byte[] encode(String body) {
    Message message = Message.Factory.create();
    message.setBody(new AmqpValue(body));
    return MessageCodec.encode(message);
  }

  /** Opens the peer's connection and one session, and attaches a receiver from each address. */
  private static List<Receiver> attachReceivers(ProtonPeer peer, List<String> addresses) {
    peer.connection.open();
    Session session = peer.connection.session();
    session.open();
    List<Receiver> receivers = new ArrayList<>();
    for (String address : addresses) {
      Receiver receiver = session.receiver("r" + receivers.size());
      Source source = new Source();
      source.setAddress(address);
      receiver.setSource(source);
      receiver.setTarget(new Target());
      receiver.open();
      receivers.add(receiver);
    }
    return receivers;
  }

  private static void assertLimitExceeded(ErrorCondition condition, String description) {
    assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED, condition.getCondition());
    assertEquals(description, condition.getDescription());
  }
}
