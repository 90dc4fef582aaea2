package dev.barker.manifold.engine;

import dev.barker.manifold.Delivery;
import io.vertx.core.Handler;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.engine.Receiver;

/**
 * A link on which we receive messages. Nothing arrives without credit: either grant it yourself
 * with {@link #flow(int)}, or set a {@link #window(int)} and let settling deliveries top it up, so
 * a slow handler slows its producer.
 */
public final class AmqpReceiver extends AmqpLink<AmqpReceiver> {

  /** Condition for a delivery that is larger than we accept. */
  public static final Symbol MESSAGE_SIZE_EXCEEDED = LinkError.MESSAGE_SIZE_EXCEEDED;

  private final Receiver receiver;
  private final int maxMessageSize;
  private Handler<Delivery> handler = Delivery::release;
  private int window;
  private int held;
  /** Bytes of the delivery arriving now, and of those handed over and not yet settled: charged to the budget. */
  private long partialBytes;
  private long heldBytes;
  private int deferredCredit;
  private boolean waitingForRoom;
  private boolean ended;
  private boolean draining;
  private Handler<AmqpReceiver> drainedHandler = receiver -> { };

  AmqpReceiver(AmqpConnection connection, Receiver receiver, boolean peerInitiated, int maxMessageSize) {
    super(connection, receiver, peerInitiated);
    this.receiver = receiver;
    this.maxMessageSize = maxMessageSize;
    receiver.setMaxMessageSize(UnsignedLong.valueOf(maxMessageSize));
  }

  @Override
  public String address() {
    return isPeerInitiated() ? targetAddress() : sourceAddress();
  }

  /** Where each complete message goes; the handler must settle it, now or later. */
  public AmqpReceiver handler(Handler<Delivery> handler) {
    this.handler = handler;
    return this;
  }

  /**
   * Keeps credit plus deliveries not yet settled at {@code size}, topping up as deliveries are
   * settled; zero (the default) leaves credit to {@link #flow(int)}.
   */
  public AmqpReceiver window(int size) {
    this.window = size;
    topUp();
    return this;
  }

  /**
   * Asks the peer to send every delivery unsettled, so that each is acknowledged (at least once,
   * whatever the peer would choose); call before {@link #open()}.
   */
  public AmqpReceiver unsettled() {
    receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
    return this;
  }

  /** Asks the peer to send every delivery settled (at most once); call before {@link #open()}. */
  public AmqpReceiver presettled() {
    receiver.setSenderSettleMode(SenderSettleMode.SETTLED);
    return this;
  }

  /**
   * Grants the peer {@code credits} more deliveries, once the memory budget is below its high water
   * (at once if it is): a service that holds too much takes nothing more until it has room.
   */
  public void flow(int credits) {
    if (credits <= 0 || ended) {
      return;
    }
    MemoryBudget budget = connection.budget();
    if (!budget.isBelowHighWater()) {
      deferredCredit += credits;
      if (!waitingForRoom) {
        waitingForRoom = true;
        budget.whenBelowHighWater(connection.context(), this::flowDeferred);
      }
      return;
    }
    draining = false; // the new credit calls off a drain under way (proton-j clears its drain flag)
    receiver.flow(credits);
    connection.requestPump();
  }

  private void flowDeferred() {
    waitingForRoom = false;
    int credits = deferredCredit;
    deferredCredit = 0;
    if (window > 0) {
      topUp();
    } else {
      flow(credits);
    }
  }

  /**
   * Asks the peer to use the credit it holds now or give it back (AMQP's drain), for a producer
   * that sits on credit others could use; the {@link #drainedHandler} runs once it has. Credit
   * granted meanwhile calls the drain off. Our engine and Qpid JMS answer it (tested); a peer that
   * does not keeps its credit.
   */
  public void drain() {
    if (ended || draining || receiver.getCredit() == 0) {
      return;
    }
    draining = true;
    receiver.drain(0);
    connection.requestPump();
  }

  /** Called when the peer has answered a {@link #drain()}: the credit it held is used or given back. */
  public AmqpReceiver drainedHandler(Handler<AmqpReceiver> handler) {
    this.drainedHandler = handler;
    return this;
  }

  /** The peer's flow: it may be the answer to a drain. */
  void onFlow() {
    if (draining && !receiver.draining()) {
      draining = false;
      drainedHandler.handle(this);
    }
  }

  /** The largest message this link accepts, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Deliveries the peer may still send us. */
  public int credit() {
    return receiver.getCredit();
  }

  /** Deliveries handed to the handler and not yet settled. */
  public int held() {
    return held;
  }

  void onDelivery(org.apache.qpid.proton.engine.Delivery delivery) { // proton's; ours is Delivery
    if (delivery.getContext() != null) {
      return; // already handed over; this is only the peer settling or updating it
    }
    if (delivery.isAborted()) {
      delivery.settle();
      connection.budget().release(partialBytes); // what had arrived of it is dropped
      partialBytes = 0;
      return;
    }
    if (delivery.pending() > maxMessageSize) {
      close(new ErrorCondition(MESSAGE_SIZE_EXCEEDED, "message on " + address() + " is over "
          + maxMessageSize + " bytes, the largest this link accepts"));
      return;
    }
    if (!chargeArrived(delivery.pending())) {
      close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "this service's memory budget ("
          + connection.budget() + ") has no room for the message arriving on " + address()));
      return;
    }
    if (!delivery.isReadable() || delivery.isPartial()) {
      return; // wait for the last transfer frame of a multi-frame message
    }
    heldBytes += partialBytes; // the whole message, charged until it is settled
    partialBytes = 0;
    byte[] encoded = new byte[delivery.pending()];
    receiver.recv(encoded, 0, encoded.length);
    receiver.advance();
    InboundDelivery inbound = new InboundDelivery(this, delivery, encoded);
    delivery.setContext(inbound);
    held++;
    String impersonation = impersonation(inbound);
    if (impersonation != null) {
      inbound.reject(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, impersonation));
    } else {
      handler.handle(inbound);
    }
    if (delivery.remotelySettled() && !inbound.isSettled()) {
      inbound.settle(null); // sent settled: at most once, nothing to report back
    }
  }

  /**
   * Why a logged-in peer's message claims someone else as its author (a {@code user-id} that is
   * not the name it authenticated as, which AMQP lets a receiver refuse), or null.
   */
  private String impersonation(InboundDelivery inbound) {
    Principal principal = connection.principal();
    if (principal == null) {
      return null;
    }
    byte[] userId;
    try {
      userId = inbound.message().getUserId();
    } catch (DecodeException malformed) {
      return null; // not a message we can read: whoever handles it says so
    }
    String claimed = userId == null ? null : new String(userId, StandardCharsets.UTF_8);
    return claimed == null || claimed.equals(principal.name()) ? null
        : principal.name() + " sent a message with user-id " + claimed + ": only its own is allowed";
  }

  /** Charges the budget for what has arrived of the delivery now arriving; false when it does not fit. */
  private boolean chargeArrived(int arrived) {
    long more = arrived - partialBytes;
    if (more <= 0) {
      return true;
    }
    if (!connection.budget().tryCharge(more)) {
      return false;
    }
    partialBytes = arrived;
    return true;
  }

  void onSettled(int bytes) {
    held--;
    if (!ended) {
      heldBytes -= bytes;
      connection.budget().release(bytes);
    }
    topUp();
    connection.requestPump();
  }

  private void topUp() {
    int inFlight = receiver.getCredit() + held;
    if (window > 0 && inFlight <= window / 2) {
      flow(window - inFlight);
    }
  }

  @Override
  void onEnd() {
    window = 0;
    ended = true; // deliveries settled from now on release nothing: all of it goes back here
    connection.budget().release(heldBytes + partialBytes);
    heldBytes = 0;
    partialBytes = 0;
  }
}
