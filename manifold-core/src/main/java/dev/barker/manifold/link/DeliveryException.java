package dev.barker.manifold.link;

import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;

/** The peer settled a message with an outcome other than accepted; {@link #state()} says which. */
public final class DeliveryException extends RuntimeException {

  private final transient DeliveryState state;

  /** @param address where the message went; @param state the peer's outcome */
  public DeliveryException(String address, DeliveryState state) {
    super("message to " + address + " was " + describe(state));
    this.state = state;
  }

  /** The peer's outcome: rejected, released or modified. */
  public DeliveryState state() {
    return state;
  }

  /** True when the peer rejected the message as invalid (sending it again will not help). */
  public boolean isRejected() {
    return state instanceof Rejected;
  }

  private static String describe(DeliveryState state) {
    if (state instanceof Rejected rejected && rejected.getError() != null) {
      return "rejected: " + rejected.getError().getCondition()
          + (rejected.getError().getDescription() == null ? "" : " (" + rejected.getError().getDescription() + ")");
    }
    return String.valueOf(state);
  }
}
