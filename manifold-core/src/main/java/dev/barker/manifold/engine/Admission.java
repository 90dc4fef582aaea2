package dev.barker.manifold.engine;

/**
 * Decides which links an authenticated peer may attach; a listener with one refuses the others
 * with {@code amqp:unauthorized-access}, saying why. The security package's access rules are one.
 */
@FunctionalInterface
public interface Admission {

  /**
   * The address of a service's management node: links to it, and dynamic links (a requester's
   * replies), are let through to the service, which checks each request against the requester's roles.
   */
  String MANAGEMENT = "$management";

  /** True for {@link #MANAGEMENT}, bare or as the path of an address ({@code //127.0.0.1:5800/$management}). */
  static boolean isManagement(String address) {
    return MANAGEMENT.equals(address) || address != null && address.endsWith("/" + MANAGEMENT);
  }

  /**
   * Null when {@code principal} may attach a link that sends to ({@code peerSends}) or receives
   * from {@code address}; otherwise why not, to tell the peer in one line.
   */
  String denial(Principal principal, boolean peerSends, String address);

  /**
   * Null when {@code principal} may register a route for {@code address} with a directory (and so
   * be sent everything at or below it); otherwise why not. Allowed by default.
   */
  default String routeDenial(Principal principal, String address) {
    return null;
  }
}
