package dev.barker.manifold.engine;

import io.vertx.core.Future;

/** Checks the name and password a peer gave with SASL PLAIN. */
public interface Authenticator {

  /**
   * Completes on the caller's context with the principal, or fails saying why (the peer is told
   * only that authentication failed). Must not block the caller.
   */
  Future<Principal> authenticate(String name, String password);
}
