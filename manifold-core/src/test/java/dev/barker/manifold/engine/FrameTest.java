package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.RawPeer;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly what a manifold sends, frame by frame, to a peer that opens, attaches and waits: the
 * limits it advertises, how it answers each link, the credit it grants.
 */
@Timeout(60)
class FrameTest {

  private final TestNetwork network = new TestNetwork();
  private Manifold inbox;
  private RawPeer peer;

  @BeforeEach
  void open() throws Exception {
    inbox = network.manifold(network.manifoldOptions("/inbox"));
    peer = RawPeer.connect(inbox.port());
    Open open = new Open();
    open.setContainerId("raw-peer");
    Begin begin = new Begin();
    begin.setNextOutgoingId(UnsignedInteger.ZERO);
    begin.setIncomingWindow(UnsignedInteger.valueOf(100));
    begin.setOutgoingWindow(UnsignedInteger.valueOf(100));
    peer.write(RawPeer.AMQP_HEADER).writeFrames(open, begin);
  }

  @AfterEach
  void close() {
    peer.close();
    network.close();
  }

  @Test
  void openAdvertisesTheFrameSizeSessionLimitAndHalfTheIdleTimeout() throws Exception {
    peer.expectHeader(RawPeer.AMQP_HEADER);
    Open open = peer.expect(Open.class);
    assertTrue(open.getContainerId().startsWith("barker-"), open.getContainerId());
    assertEquals(UnsignedInteger.valueOf(EngineOptions.DEFAULT_MAX_FRAME_SIZE), open.getMaxFrameSize());
    assertEquals(UnsignedInteger.valueOf(EngineOptions.DEFAULT_MAX_SESSIONS - 1).shortValue(),
        open.getChannelMax().shortValue());
    assertEquals(UnsignedInteger.valueOf(EngineOptions.DEFAULT_IDLE_TIMEOUT.toMillis() / 2), open.getIdleTimeOut());
    Begin begin = peer.expect(Begin.class);
    assertEquals(0, begin.getRemoteChannel().intValue(), "answers the session we began");
  }

  @Test
  void aProducerIsAnsweredWithItsTargetAndTheStreamsCredit() throws Exception {
    String ark3 = network.address("/inbox/ark3").toString();
    peer.writeFrames(attach("producer", 0, Role.SENDER, null, ark3));
    skipOpenAndBegin();
    Attach attach = peer.expect(Attach.class);
    assertEquals(Role.RECEIVER, attach.getRole());
    assertEquals(ark3, ((Target) attach.getTarget()).getAddress());
    Flow flow = peer.expect(Flow.class);
    assertEquals(UnsignedInteger.ZERO, flow.getHandle());
    long fits = ManifoldOptions.DEFAULT_MAX_STREAM_BYTES / EngineOptions.DEFAULT_MAX_MESSAGE_SIZE;
    assertEquals(UnsignedInteger.valueOf(Math.min(100, fits)), flow.getLinkCredit(),
        "a memory stream's producer window, or what its byte limit holds of the largest messages, if fewer");
  }

  @Test
  void aSubscriberIsAnsweredWithItsSourceAndNoCreditOfOurs() throws Exception {
    String ark3 = network.address("/inbox/ark3").toString();
    peer.writeFrames(attach("subscriber", 0, Role.RECEIVER, ark3, null));
    skipOpenAndBegin();
    Attach attach = peer.expect(Attach.class);
    assertEquals(Role.SENDER, attach.getRole());
    assertEquals(ark3, ((Source) attach.getSource()).getAddress());
  }

  @Test
  void aLinkOutsideTheManifoldIsAttachedWithoutATerminusThenDetachedAsNotFound() throws Exception {
    String elsewhere = network.address("/outbox/ark3").toString();
    peer.writeFrames(attach("lost", 0, Role.SENDER, null, elsewhere));
    skipOpenAndBegin();
    Attach attach = peer.expect(Attach.class);
    assertNull(attach.getTarget(), "no terminus: the refusal follows");
    Detach detach = peer.expect(Detach.class);
    assertTrue(detach.getClosed());
    assertEquals(AmqpError.NOT_FOUND, detach.getError().getCondition());
    assertTrue(detach.getError().getDescription().contains("not " + elsewhere), detach.getError().getDescription());
  }

  private void skipOpenAndBegin() throws Exception {
    peer.expectHeader(RawPeer.AMQP_HEADER);
    peer.expect(Open.class);
    peer.expect(Begin.class);
  }

  private static Attach attach(String name, int handle, Role role, String source, String target) {
    Attach attach = new Attach();
    attach.setName(name);
    attach.setHandle(UnsignedInteger.valueOf(handle));
    attach.setRole(role);
    Source from = new Source();
    from.setAddress(source);
    attach.setSource(from);
    Target to = new Target();
    to.setAddress(target);
    attach.setTarget(to);
    if (role == Role.SENDER) {
      attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
    }
    return attach;
  }
}
