package dev.barker.launch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The status of a running {@code barker launch}, kept in {@code DATA/launch.json} for
 * {@code barker launch status}: the launcher's pid and, per service, what {@link Supervised.Status} holds.
 */
final class LaunchStatus {

  /** The file's name under the data directory. */
  static final String FILE_NAME = "launch.json";

  private LaunchStatus() {
  }

  /** Replaces {@code file} at once (readers never see half of it) with this launcher's {@code services}. */
  static void write(Path file, List<Supervised.Status> services) throws IOException {
    JsonArray rows = new JsonArray();
    for (Supervised.Status service : services) {
      rows.add(new JsonObject().put("name", service.name()).put("address", service.address())
          .put("listensOn", service.hostPort()).put("pid", service.pid()).put("state", service.state().name())
          .put("restarts", service.restarts()).put("since", service.sinceMillis()));
    }
    JsonObject status = new JsonObject().put("launcher", ProcessHandle.current().pid()).put("services", rows);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, status.encodePrettily(), StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The table of the launch whose status is in {@code file}.
   *
   * @throws IllegalStateException when no launch is running with that file
   */
  static String table(Path file, long nowMillis) throws IOException {
    JsonObject status;
    try {
      status = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("no barker launch has run with " + file.getParent() + " (no " + file + ")");
    } catch (DecodeException e) {
      throw new IllegalStateException(file + " is not a launch status: " + e.getMessage());
    }
    long launcher = status.getLong("launcher", 0L);
    if (ProcessHandle.of(launcher).map(process -> !process.isAlive()).orElse(true)) {
      throw new IllegalStateException("the barker launch that wrote " + file + " (pid " + launcher + ") is not running");
    }
    StringBuilder table = new StringBuilder(String.format("%-14s %-10s %-8s %-9s %-10s %s%n",
        "SERVICE", "STATE", "PID", "RESTARTS", "FOR", "LISTENS ON"));
    for (Object each : status.getJsonArray("services", new JsonArray())) {
      JsonObject row = (JsonObject) each;
      table.append(String.format("%-14s %-10s %-8d %-9d %-10s %s%n", row.getString("name"),
          stateName(row.getString("state")), row.getLong("pid"), row.getInteger("restarts"),
          duration(nowMillis - row.getLong("since")), row.getString("listensOn")));
    }
    return table.toString();
  }

  private static String stateName(String state) {
    return Supervised.State.WAITING.name().equals(state) ? "restarting" : state.toLowerCase();
  }

  /** {@code 42s}, {@code 3m 05s}, {@code 2h 10m}. */
  static String duration(long millis) {
    Duration duration = Duration.ofMillis(Math.max(0, millis));
    if (duration.toHours() > 0) {
      return String.format("%dh %02dm", duration.toHours(), duration.toMinutesPart());
    }
    return duration.toMinutes() > 0 ? String.format("%dm %02ds", duration.toMinutes(), duration.toSecondsPart())
        : duration.toSeconds() + "s";
  }
}
