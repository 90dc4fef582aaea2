package dev.barker.manifold;

import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A complete message that arrived on a link, for its handler to settle exactly once with an
 * outcome. Until then the sender holds it (at-least-once) and it counts against the link's credit.
 * Links of every kind hand out this one type: a {@code Receiver}'s, and those a service accepts.
 */
public interface Delivery {

  /** The message exactly as encoded on the wire, for forwarding without decoding. */
  byte[] bytes();

  /**
   * The decoded message (decoded once, on first call).
   *
   * @throws org.apache.qpid.proton.codec.DecodeException if the bytes are not an AMQP message
   */
  Message message();

  /** True when the sender sent it settled (at most once), so no outcome goes back. */
  boolean isPresettled();

  /** True once settled here. */
  boolean isSettled();

  /** True once settled here with {@code accepted}. */
  boolean isAccepted();

  /** Settles with {@code accepted}: we own it now. */
  void accept();

  /** Settles with {@code rejected} and {@code error}: it is invalid and must not be sent again. */
  void reject(ErrorCondition error);

  /** Settles with {@code released}: not processed, the sender may send it again. */
  void release();

  /** Settles with {@code modified}: not processed, with delivery-failed and undeliverable-here as given. */
  void modify(boolean deliveryFailed, boolean undeliverableHere);
}
