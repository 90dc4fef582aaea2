package dev.barker.manifold.link;

import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** The peer settled a message with an outcome other than accepted; {@link #outcome()} says which. */
public final class DeliveryException extends RuntimeException {

  /** The outcomes other than accepted. */
  public enum Outcome {
    /** Invalid: sending it again will not help. */
    REJECTED,
    /** Not processed: it may be sent again. */
    RELEASED,
    /** Not processed, with delivery annotations changed: it may be sent again (elsewhere). */
    MODIFIED
  }

  private final Outcome outcome;
  private final transient ErrorCondition condition;

  /** @param address where the message went; @param outcome the peer's; @param condition why it rejected, or null */
  public DeliveryException(String address, Outcome outcome, ErrorCondition condition) {
    super("message to " + address + " was " + outcome.name().toLowerCase() + (condition == null ? ""
        : ": " + condition.getCondition() + (condition.getDescription() == null ? "" : " (" + condition.getDescription() + ")")));
    this.outcome = outcome;
    this.condition = condition;
  }

  /** The exception for the engine's outcome {@code state} (not accepted) of a message to {@code address}. */
  static DeliveryException of(String address, DeliveryState state) {
    if (state instanceof Rejected rejected) {
      return new DeliveryException(address, Outcome.REJECTED, rejected.getError());
    }
    return new DeliveryException(address, state instanceof Modified ? Outcome.MODIFIED : Outcome.RELEASED, null);
  }

  /** The peer's outcome: rejected, released or modified. */
  public Outcome outcome() {
    return outcome;
  }

  /** Why the peer rejected it, as it said; null for other outcomes, or when it said nothing. */
  public ErrorCondition condition() {
    return condition;
  }

  /** True when the peer rejected the message as invalid (sending it again will not help). */
  public boolean isRejected() {
    return outcome == Outcome.REJECTED;
  }
}
