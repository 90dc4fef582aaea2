package dev.barker.manifold.security;

import dev.barker.manifold.engine.Authenticator;
import dev.barker.manifold.engine.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Short-lived signed tokens (JWT, HS256, via vertx-auth-jwt) for browsers: a page logs in once
 * over HTTPS with a password and then uses the token as its SASL PLAIN password on every AMQP
 * WebSocket, so no page keeps the password. Every service given the same secret accepts them.
 */
public final class Tokens {

  /** How long a token is good for. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final String ISSUER = "barker";
  private static final String ALGORITHM = "HS256";

  private final String secret;
  private volatile JWTAuth jwt;

  /** Tokens signed and checked with {@code secret} (at least 32 characters). */
  public Tokens(String secret) {
    if (secret == null || secret.length() < 32) {
      throw new IllegalArgumentException("a token secret needs at least 32 characters");
    }
    this.secret = secret;
  }

  /** A token for {@code principal}, good for {@link #LIFETIME}. Call on a Vert.x context. */
  public String issue(Principal principal) {
    JsonObject claims = new JsonObject().put("sub", principal.name())
        .put("roles", new JsonArray(principal.roles().stream().sorted().toList()));
    return jwt().generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER)
        .setExpiresInSeconds((int) LIFETIME.toSeconds()));
  }

  /**
   * Checks a token presented as {@code name}'s password: signature, issuer, subject, and that it
   * expires, within {@link #LIFETIME} of being issued (a token that never expires, or lives longer
   * than we issue them, was not made by us as we make them).
   */
  public Future<Principal> verify(String name, String token) {
    return jwt().authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = user.principal();
      if (!name.equals(claims.getString("sub"))) {
        return Future.failedFuture(new SecurityException("a token for " + claims.getString("sub") + " presented as " + name));
      }
      JsonObject payload = payloadOf(token); // as signed: the claims above may be rearranged by vertx-auth
      Long issuedAt = payload.getLong("iat");
      Long expires = payload.getLong("exp");
      if (issuedAt == null || expires == null || expires - issuedAt > LIFETIME.toSeconds()) {
        return Future.failedFuture(new SecurityException("a token for " + name + " without an expiry within "
            + LIFETIME.toMinutes() + " minutes of its issue"));
      }
      Set<String> roles = new HashSet<>();
      claims.getJsonArray("roles", new JsonArray()).forEach(role -> roles.add(String.valueOf(role)));
      return Future.succeededFuture(new Principal(name, roles));
    });
  }

  /** Checks what looks like a token with {@link #verify}, anything else with {@code passwords}. */
  public Authenticator or(Authenticator passwords) {
    return (name, password) -> isToken(password) ? verify(name, password) : passwords.authenticate(name, password);
  }

  private static JsonObject payloadOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static boolean isToken(String password) {
    return password.startsWith("eyJ") && password.chars().filter(c -> c == '.').count() == 2;
  }

  /** Made on first use, with the Vert.x of the context that first needs it (a process has one). */
  private JWTAuth jwt() {
    if (jwt == null) {
      jwt = JWTAuth.create(Vertx.currentContext().owner(), new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
          .setJWTOptions(new JWTOptions().setIssuer(ISSUER)));
    }
    return jwt;
  }
}
