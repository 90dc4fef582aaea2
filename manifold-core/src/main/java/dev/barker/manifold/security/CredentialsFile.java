package dev.barker.manifold.security;

import dev.barker.manifold.engine.Authenticator;
import dev.barker.manifold.engine.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Principals, their salted password hashes and roles, from a JSON file:
 * {@code {"ark3": {"hash": "$pbkdf2$...", "roles": ["user"]}, ...}}. Hashes are PBKDF2-HMAC-SHA512
 * (vertx-auth-common's {@link HashingStrategy}, {@value #ITERATIONS} iterations, a random salt per
 * principal); checking one costs tens of milliseconds, so it runs off the event loop.
 */
public final class CredentialsFile implements Authenticator {

  /** PBKDF2 iterations for passwords people choose (OWASP's advice for PBKDF2-HMAC-SHA512). */
  public static final int ITERATIONS = 210_000;
  /**
   * PBKDF2 iterations for machine-made secrets of 240 random bits (what {@code barker launch
   * --secure} gives services, and people until they choose their own): no guessing can reach
   * them, so slowing each check buys nothing, and a dozen services logging in at start must not
   * queue behind seconds of hashing.
   */
  public static final int SECRET_ITERATIONS = 1_000;
  private static final HashingStrategy HASHING = HashingStrategy.load();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Threads that check passwords: PBKDF2 takes a core for its time, so no more than two, whatever waits. */
  public static final int HASHING_THREADS = 2;
  /** Logins that may wait to be checked; more are refused at once. */
  public static final int MAX_WAITING = 64;

  private final JsonObject principals;
  private final AtomicInteger waiting = new AtomicInteger();
  private final VerifiedLogins verified = new VerifiedLogins();
  private volatile WorkerExecutor hashing;

  private CredentialsFile(JsonObject principals) {
    this.principals = principals;
  }

  /** Reads {@code file}; fails with a message naming the file when it is missing or not such JSON. */
  public static CredentialsFile load(Path file) {
    try {
      JsonObject principals = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      principals.forEach(entry -> {
        if (!(entry.getValue() instanceof JsonObject principal) || principal.getString("hash") == null) {
          throw new IllegalArgumentException("principal " + entry.getKey() + " has no \"hash\"");
        }
      });
      return new CredentialsFile(principals);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The principals' names. */
  public Set<String> names() {
    return Set.copyOf(principals.fieldNames());
  }

  /**
   * Adds or replaces {@code name} in {@code file} (made if missing) with a fresh salted hash of
   * {@code password}, a password a person chose ({@link #ITERATIONS}).
   */
  public static void put(Path file, String name, String password, Set<String> roles) throws IOException {
    store(file, name, hash(password, ITERATIONS), roles);
  }

  /** As {@link #put}, for a random machine-made secret ({@link #SECRET_ITERATIONS}). */
  public static void putSecret(Path file, String name, String secret, Set<String> roles) throws IOException {
    store(file, name, hash(secret, SECRET_ITERATIONS), roles);
  }

  private static void store(Path file, String name, String hash, Set<String> roles) throws IOException {
    JsonObject principals = Files.exists(file) ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    principals.put(name, new JsonObject().put("hash", hash).put("roles", new JsonArray(roles.stream().sorted().toList())));
    Files.writeString(file, principals.encodePrettily(), StandardCharsets.UTF_8);
  }

  /** A salted PBKDF2 hash of {@code password} with {@code iterations}, in the form {@link HashingStrategy#verify} reads. */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return HASHING.hash("pbkdf2", Map.of("it", String.valueOf(iterations)),
        Base64.getEncoder().withoutPadding().encodeToString(salt), password);
  }

  /**
   * Lets in at once a name and password verified before in this process ({@link VerifiedLogins});
   * checks others on one of {@link #HASHING_THREADS} threads shared by the process (call it on a
   * Vert.x context); with {@link #MAX_WAITING} checks waiting already, fails at once with
   * {@link Authenticator.Busy} instead.
   */
  @Override
  public Future<Principal> authenticate(String name, String password) {
    JsonObject principal = principals.getJsonObject(name);
    String stored = principal == null ? null : principal.getString("hash");
    Principal known = verified.get(name, password);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      return Future.failedFuture(new Authenticator.Busy(MAX_WAITING + " logins are waiting to be checked already"));
    }
    return hashing().<Principal>executeBlocking(() -> {
      boolean matches = HASHING.verify(stored == null ? Nobody.HASH : stored, password);
      if (stored == null || !matches) {
        throw new SecurityException(principal == null ? "no principal " + name : "wrong password for " + name);
      }
      Set<String> roles = new HashSet<>();
      principal.getJsonArray("roles", new JsonArray()).forEach(role -> roles.add(String.valueOf(role)));
      Principal checked = new Principal(name, roles);
      verified.put(name, password, checked);
      return checked;
    }, false).onComplete(checked -> waiting.decrementAndGet());
  }

  /** The hashing threads, made on first use with the Vert.x of the context that first needs them. */
  private WorkerExecutor hashing() {
    if (hashing == null) {
      hashing = Vertx.currentContext().owner().createSharedWorkerExecutor("barker-password-hashing", HASHING_THREADS);
    }
    return hashing;
  }

  /** Checked for names not in the file, so that a wrong name takes as long as a wrong password; made on first use. */
  private static final class Nobody {
    static final String HASH = hash("", ITERATIONS);
  }
}
