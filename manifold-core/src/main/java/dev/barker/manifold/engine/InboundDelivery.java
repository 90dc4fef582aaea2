package dev.barker.manifold.engine;

import dev.barker.manifold.Delivery;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A complete message that arrived on an {@link AmqpReceiver}: the engine's {@link Delivery}. Settle
 * it exactly once with an outcome; until then the sender holds it (at-least-once) and it counts
 * against the link's window.
 */
final class InboundDelivery implements Delivery {

  private final AmqpReceiver receiver;
  private final org.apache.qpid.proton.engine.Delivery delivery; // named in full: ours is Delivery
  private final byte[] encoded;
  private Message message;
  private boolean settled;
  private boolean accepted;

  InboundDelivery(AmqpReceiver receiver, org.apache.qpid.proton.engine.Delivery delivery, byte[] encoded) {
    this.receiver = receiver;
    this.delivery = delivery;
    this.encoded = encoded;
  }

  @Override
  public byte[] bytes() {
    return encoded;
  }

  @Override
  public Message message() {
    if (message == null) {
      message = MessageCodec.decode(encoded);
    }
    return message;
  }

  @Override
  public boolean isPresettled() {
    return delivery.remotelySettled();
  }

  @Override
  public boolean isSettled() {
    return settled;
  }

  @Override
  public boolean isAccepted() {
    return accepted;
  }

  @Override
  public void accept() {
    settle(Accepted.getInstance());
  }

  @Override
  public void reject(ErrorCondition error) {
    Rejected rejected = new Rejected();
    rejected.setError(error);
    settle(rejected);
  }

  @Override
  public void release() {
    settle(Released.getInstance());
  }

  @Override
  public void modify(boolean deliveryFailed, boolean undeliverableHere) {
    Modified modified = new Modified();
    modified.setDeliveryFailed(deliveryFailed);
    modified.setUndeliverableHere(undeliverableHere);
    settle(modified);
  }

  /** Settles with {@code state} (null for none); later calls are ignored. */
  void settle(DeliveryState state) {
    if (settled) {
      return;
    }
    settled = true;
    accepted = state instanceof Accepted;
    if (state != null && !delivery.remotelySettled()) {
      delivery.disposition(state);
    }
    delivery.settle();
    receiver.onSettled(encoded.length);
  }
}
