package dev.barker.manifold;

/**
 * A peer refused our SASL login (wrong user or password, or a login it requires and we did not
 * give): trying again with the same credentials will not help.
 */
public final class AuthenticationException extends RuntimeException {

  /** @param peer {@code host:port} of the peer; @param user whom we logged in as, or null for anonymous */
  public AuthenticationException(String peer, String user) {
    super(user == null
        ? peer + " requires a login (SASL PLAIN) and none was given"
        : peer + " refused the login of '" + user + "' (wrong user or password)");
  }
}
