package dev.barker.manifold.engine;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.message.Message;

/**
 * A complete message that arrived on an {@link AmqpReceiver}. Settle it exactly once with an
 * outcome; until then the sender holds it (at-least-once) and it counts against the link's window.
 */
public final class InboundDelivery {

  private final AmqpReceiver receiver;
  private final Delivery delivery;
  private final byte[] encoded;
  private Message message;
  private boolean settled;
  private boolean accepted;

  InboundDelivery(AmqpReceiver receiver, Delivery delivery, byte[] encoded) {
    this.receiver = receiver;
    this.delivery = delivery;
    this.encoded = encoded;
  }

  /** The link it arrived on. */
  public AmqpReceiver receiver() {
    return receiver;
  }

  /** The message exactly as encoded on the wire, for forwarding without decoding. */
  public byte[] bytes() {
    return encoded;
  }

  /**
   * The decoded message (decoded once, on first call).
   *
   * @throws org.apache.qpid.proton.codec.DecodeException if the bytes are not an AMQP message
   */
  public Message message() {
    if (message == null) {
      message = MessageCodec.decode(encoded);
    }
    return message;
  }

  /** True when the sender sent it settled (at most once), so no outcome goes back. */
  public boolean isPresettled() {
    return delivery.remotelySettled();
  }

  /** True once settled here. */
  public boolean isSettled() {
    return settled;
  }

  /** True once settled here with {@code accepted}. */
  public boolean isAccepted() {
    return accepted;
  }

  /** Settles with {@code accepted}: we own it now. */
  public void accept() {
    settle(Accepted.getInstance());
  }

  /** Settles with {@code rejected}: it is invalid and must not be sent again. */
  public void reject(ErrorCondition error) {
    Rejected rejected = new Rejected();
    rejected.setError(error);
    settle(rejected);
  }

  /** Settles with {@code released}: not processed, the sender may send it again. */
  public void release() {
    settle(Released.getInstance());
  }

  /** Settles with {@code modified}: not processed, with delivery-failed and undeliverable-here set. */
  public void modify(boolean deliveryFailed, boolean undeliverableHere) {
    Modified modified = new Modified();
    modified.setDeliveryFailed(deliveryFailed);
    modified.setUndeliverableHere(undeliverableHere);
    settle(modified);
  }

  /** Settles with {@code state} (null for none); later calls are ignored. */
  public void settle(DeliveryState state) {
    if (settled) {
      return;
    }
    settled = true;
    accepted = state instanceof Accepted;
    if (state != null && !delivery.remotelySettled()) {
      delivery.disposition(state);
    }
    delivery.settle();
    receiver.onSettled();
  }
}
