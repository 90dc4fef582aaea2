package dev.barker.manifold.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (passwords, key store and token secrets) kept in files only their owner can read. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  /** Writes 240 random bits, as text, to {@code file} unless it exists; returns its secret. */
  public static String createIfMissing(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] random = new byte[30];
      RANDOM.nextBytes(random);
      Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    return read(file);
  }

  /** The first line of {@code file}: a password kept out of command lines (which other users can see). */
  public static String read(Path file) {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getMessage(), e);
    }
  }
}
