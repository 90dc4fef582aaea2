package dev.barker.manifold.engine;

/**
 * Decides which links an authenticated peer may attach; a listener with one refuses the others
 * with {@code amqp:unauthorized-access}, saying why. The security package's access rules are one.
 */
@FunctionalInterface
public interface Admission {

  /**
   * Null when {@code principal} may attach a link that sends to ({@code peerSends}) or receives
   * from {@code address}; otherwise why not, to tell the peer in one line.
   */
  String denial(Principal principal, boolean peerSends, String address);
}
