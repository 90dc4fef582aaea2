package dev.barker.manifold.security;

import dev.barker.manifold.engine.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins already verified by PBKDF2 in this process, so the same name and password are let in
 * again without hashing: a dozen services reconnecting, or a page renewing its connection, then
 * cost microseconds rather than a core's worth of hashing each. Kept only as HMAC-SHA256 under a
 * key made at random for this process and never stored, so the memory of the process holds no
 * password and nothing a guess could be checked against offline; the most recent
 * {@value #CAPACITY} are kept. Thread-safe.
 */
final class VerifiedLogins {

  /** Logins remembered at most; the least recently used go first. */
  static final int CAPACITY = 1_024;

  private final SecretKeySpec key;
  private final Map<String, Principal> verified = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Principal> eldest) {
      return size() > CAPACITY;
    }
  };

  VerifiedLogins() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** The principal {@code name} was verified as with {@code password}, or null if it was not (lately). */
  synchronized Principal get(String name, String password) {
    return verified.get(mac(name, password));
  }

  /** Remembers that {@code name} with {@code password} was verified as {@code principal}. */
  synchronized void put(String name, String password, Principal principal) {
    verified.put(mac(name, password), principal);
  }

  private String mac(String name, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }
}
