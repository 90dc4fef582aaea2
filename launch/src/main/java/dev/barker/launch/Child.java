package dev.barker.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service process started by {@code barker launch}: its output goes to the launcher's log
 * line by line, and {@link #ready()} completes with its start-up line (or fails if it exits first).
 */
final class Child {

  private final String name;
  private final Process process;
  private final CompletableFuture<String> ready = new CompletableFuture<>();

  private Child(String name, Process process, Consumer<String> log) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> pump(log), name + "-log");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}; each output line goes to {@code log}. */
  static Child start(String name, List<String> command, Consumer<String> log) {
    try {
      return new Child(name, new ProcessBuilder(command).redirectErrorStream(true).start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Completes with the line ending in " ready"; fails if the process exits before it. */
  CompletableFuture<String> ready() {
    return ready;
  }

  /** Asks it to stop (SIGTERM) and waits up to {@code seconds}; then kills it. */
  void stop(long seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(seconds, TimeUnit.SECONDS);
    }
  }

  private void pump(Consumer<String> log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        log.accept(line);
        if (line.endsWith(ServiceCommand.READY)) {
          ready.complete(line); // after logging it, so the launcher's table never lands before it
        }
      }
    } catch (IOException e) {
      log.accept("(output lost: " + e.getMessage() + ")");
    }
    ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready"));
  }
}
