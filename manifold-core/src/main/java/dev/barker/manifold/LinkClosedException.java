package dev.barker.manifold;

import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** A link was refused or detached; {@link #condition()} says why (it may be null). */
public final class LinkClosedException extends RuntimeException {

  private final transient ErrorCondition condition;

  /** @param address the link's address; @param condition the peer's error condition, or null */
  public LinkClosedException(String address, ErrorCondition condition) {
    super("link " + address + " closed" + (condition == null ? ""
        : ": " + condition.getCondition() + (condition.getDescription() == null ? ""
            : " (" + condition.getDescription() + ")")));
    this.condition = condition;
  }

  /** True when the peer refused it as not allowed to us ({@code amqp:unauthorized-access}): trying again will not help. */
  public boolean isDenied() {
    return condition != null && AmqpError.UNAUTHORIZED_ACCESS.equals(condition.getCondition());
  }

  /** The peer's error condition, or null when it detached without one. */
  public ErrorCondition condition() {
    return condition;
  }
}
