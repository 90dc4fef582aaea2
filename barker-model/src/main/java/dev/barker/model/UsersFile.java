package dev.barker.model;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code users.json} in the data directory: made from the fixed seed on first use, reloaded when it changes. */
public final class UsersFile {

  /** The file's name inside the data directory. */
  public static final String NAME = "users.json";
  private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);
  private static final long CHECK_MILLIS = 2_000;

  private UsersFile() {
  }

  /** The users in {@code dataDirectory}, writing the demo's users there first if there is no file. */
  public static Users loadOrCreate(Path dataDirectory) {
    Path file = dataDirectory.resolve(NAME);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDirectory);
        Path partial = dataDirectory.resolve(NAME + ".tmp");
        Files.writeString(partial, Users.generate().toJson().encodePrettily(), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("wrote the demo's users to {}", file);
      }
      return Users.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks every two seconds (on a worker thread) whether the file changed, and hands the new users
   * to {@code onChange} on the caller's context. A file that does not parse is logged and ignored.
   */
  public static void watch(Vertx vertx, Path dataDirectory, Consumer<Users> onChange) {
    Path file = dataDirectory.resolve(NAME);
    long[] lastModified = {modified(file)};
    vertx.setPeriodic(CHECK_MILLIS, id -> vertx.executeBlocking(() -> {
      long now = modified(file);
      if (now == lastModified[0]) {
        return null;
      }
      lastModified[0] = now;
      return loadOrCreate(dataDirectory);
    }).onSuccess(users -> {
      if (users != null) {
        LOG.info("reloaded users from {}: {} users", file, users.names().size());
        onChange.accept(users);
      }
    }).onFailure(error -> LOG.warn("keeping the previous users: {}", error.getMessage())));
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }
}
