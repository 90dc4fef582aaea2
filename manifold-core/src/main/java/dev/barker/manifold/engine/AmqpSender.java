package dev.barker.manifold.engine;

import io.vertx.core.Handler;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Outcome;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;

/**
 * A link on which we send messages. Send only while {@link #isSendable()}; the
 * {@link #sendableHandler} is called whenever that may have become true again (the peer granted
 * credit, or the socket's write queue drained).
 */
public final class AmqpSender extends AmqpLink<AmqpSender> {

  /**
   * Deliveries the peer may leave unsettled before we stop sending on this link, whatever credit
   * it grants: each one is state we keep, so a peer that never settles costs bounded memory.
   */
  public static final int MAX_UNSETTLED = 1_000;

  private final Sender sender;
  private Handler<AmqpSender> sendableHandler = s -> { };
  /** True while its connection has it among the senders to tell once the socket keeps up. */
  boolean awaitingWritable;

  AmqpSender(AmqpConnection connection, Sender sender, boolean peerInitiated) {
    super(connection, sender, peerInitiated);
    this.sender = sender;
  }

  @Override
  public String address() {
    return isPeerInitiated() ? sourceAddress() : targetAddress();
  }

  /** Messages the peer lets us send now. */
  public int credit() {
    return sender.getCredit();
  }

  /**
   * True when a message can go out now: the link is open, has credit, the peer has settled enough
   * of what it got, and the socket keeps up.
   */
  public boolean isSendable() {
    return isOpen() && sender.getCredit() > 0 && sender.getUnsettled() < MAX_UNSETTLED && connection.isWritableFor(this);
  }

  /** Called when {@link #isSendable()} may have become true. */
  public AmqpSender sendableHandler(Handler<AmqpSender> handler) {
    this.sendableHandler = handler;
    return this;
  }

  /** True when the peer asked for every delivery to be settled before sending (at most once). */
  public boolean isPresettledOnly() {
    return sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED
        || sender.getSenderSettleMode() == SenderSettleMode.SETTLED;
  }

  /**
   * Sends an encoded message unsettled; {@code onOutcome} gets the peer's outcome (accepted,
   * rejected, released or modified). If the link ends first, it is never called: the caller still
   * holds the message and decides whether to send it again.
   */
  public void send(byte[] encodedMessage, Handler<DeliveryState> onOutcome) {
    if (isPresettledOnly()) {
      sendPresettled(encodedMessage);
      onOutcome.handle(Accepted.getInstance());
      return;
    }
    Delivery delivery = transfer(encodedMessage);
    delivery.setContext(onOutcome);
  }

  /** True when the peer asked for every delivery unsettled (it means to report an outcome for each). */
  public boolean requiresUnsettled() {
    return sender.getRemoteSenderSettleMode() == SenderSettleMode.UNSETTLED;
  }

  /** Sends an encoded message settled (at most once): no outcome will come back. */
  public void sendPresettled(byte[] encodedMessage) {
    transfer(encodedMessage).settle();
  }

  /** Deliveries sent and not yet settled by the peer. */
  public int unsettled() {
    return sender.getUnsettled();
  }

  /** Makes this link send only settled deliveries; call before {@link #open()}. */
  public AmqpSender presettled() {
    sender.setSenderSettleMode(SenderSettleMode.SETTLED);
    return this;
  }

  private Delivery transfer(byte[] encodedMessage) {
    Delivery delivery = sender.delivery(connection.nextDeliveryTag());
    sender.send(encodedMessage, 0, encodedMessage.length);
    sender.advance();
    connection.queued(encodedMessage.length);
    connection.requestPump();
    return delivery;
  }

  void onFlow() {
    if (sender.getCredit() > 0) {
      sendableHandler.handle(this);
    }
    if (sender.getDrain()) {
      sender.drained(); // nothing more to send right now: give the rest of the credit back
    }
  }

  void onWritable() {
    if (isSendable()) {
      sendableHandler.handle(this);
    }
  }

  @SuppressWarnings("unchecked")
  void onDeliveryUpdated(Delivery delivery) {
    DeliveryState state = delivery.getRemoteState();
    if (delivery.isSettled()) {
      return; // its outcome was handled already: proton may report a delivery again
    }
    if (!(state instanceof Outcome) && !delivery.remotelySettled()) {
      return; // not final yet (e.g. a transactional or received state)
    }
    Object onOutcome = delivery.getContext();
    boolean wasFull = sender.getUnsettled() >= MAX_UNSETTLED;
    delivery.settle();
    if (onOutcome instanceof Handler<?> handler) {
      // settled without a state: the peer is done with it, which is acceptance
      ((Handler<DeliveryState>) handler).handle(state == null ? Accepted.getInstance() : state);
    }
    if (wasFull && isSendable()) {
      sendableHandler.handle(this);
    }
  }

  @Override
  void onEnd() {
    sendableHandler = s -> { };
  }
}
