package dev.barker.manifold.engine;

import io.vertx.core.Future;

/** Checks the name and password a peer gave with SASL PLAIN. */
public interface Authenticator {

  /**
   * Completes on the caller's context with the principal, or fails saying why (the peer is told
   * only that authentication failed, or with {@link Busy} to try again later). Must not block the caller.
   */
  Future<Principal> authenticate(String name, String password);

  /** The login was not checked, for want of capacity now: the peer is told to try again later. */
  final class Busy extends RuntimeException {
    /** @param why what is full */
    public Busy(String why) {
      super(why);
    }
  }
}
