package dev.barker.launch;

import ch.qos.logback.classic.ClassicConstants;
import dev.barker.manifold.node.ServiceCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service process started by {@code barker launch} (or a benchmark): its output goes to a log
 * line by line, and {@link #ready()} completes with its start-up line (or fails if it exits first).
 * It exits by itself when this process does.
 */
public final class Child {

  /** How a child's JVM compiles. */
  public enum Jit {
    /**
     * The JVM's tiered JIT, compiling a little later ({@link #LATER_COMPILATION}): about twice what
     * the quick compiler sustains, once warm.
     */
    FULL,
    /** The quick compiler alone (C1): a dozen JVMs on two cores start in about half the time. */
    QUICK,
    /**
     * The JVM's tiered JIT at its own thresholds, as a service started any other way runs
     * ({@code ./barker manifold}, the systemd units, the image): what the bench measures.
     */
    STANDARD
  }

  /**
   * Compile thresholds four times the JVM's: a dozen JVMs starting at once on two cores spend their
   * start running rather than compiling code that is hot only then (a launch's first bark 4.2-4.6 s
   * rather than 5.1-5.4 s); once warm they are as fast (the bench's hop within its spread).
   */
  static final String LATER_COMPILATION = "-XX:CompileThresholdScaling=4";

  /**
   * The young generation of a long-running service: 24 MiB (eden 19 MiB). Left to itself the serial
   * collector sizes it from the old generation, which stays small, so a manifold under load had a
   * 4 MiB eden and collected about 300 times a second, a tenth of its core; with these about 60
   * times, under 3%. Eden's pages are resident once used, so each service holds some 20 MiB more.
   */
  static final List<String> SERVICE_HEAP = List.of("-Xms32m", "-Xmn24m");

  /** Commands that always start small, with the quick compiler alone: a simulated barker does little. */
  private static final Set<String> LIGHT_COMMANDS = Set.of("autobark");

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

  /**
   * Starts {@code barker ARGS} as a small JVM of this same program (serial GC, a heap cap of
   * {@code heap}, a service's young generation, this process's class-data archive if it has one),
   * compiling as {@code jit} says (an autobark always with the quick compiler alone and the JVM's
   * own small heap).
   */
  public static Child barker(String name, List<String> args, String heap, Jit jit, Consumer<String> log) {
    boolean light = LIGHT_COMMANDS.contains(args.get(0));
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xss512k",
        "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(light ? List.of("-Xms8m") : SERVICE_HEAP);
    if (jit == Jit.QUICK || light) {
      command.add("-XX:TieredStopAtLevel=1");
    } else if (jit == Jit.FULL) {
      command.add(LATER_COMPILATION);
    }
    command.addAll(classDataArchive());
    String logConfiguration = System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
    if (logConfiguration != null) {
      command.add("-D" + ClassicConstants.CONFIG_FILE_PROPERTY + "=" + logConfiguration);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Barker.class.getName()));
    command.addAll(args);
    command.addAll(List.of("--exit-with", String.valueOf(ProcessHandle.current().pid())));
    return start(name, command, log);
  }

  /** Starts {@code command}; each output line goes to {@code log}. */
  public static Child start(String name, List<String> command, Consumer<String> log) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put(ConsoleLogging.SERVICE_VARIABLE, name);
      return new Child(name, builder.start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Its name, as logs show it. */
  public String name() {
    return name;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Completes with the line ending in " ready"; fails if the process exits before it. */
  public CompletableFuture<String> ready() {
    return ready;
  }

  /** Completes with its exit code when it exits (128 + the signal's number if a signal ended it). */
  public CompletableFuture<Integer> exited() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** How a process with exit code {@code code} ended, e.g. {@code exited with code 1} or {@code was killed (SIGKILL)}. */
  static String describeExit(int code) {
    return switch (code) {
      case 137 -> "was killed (SIGKILL)";
      case 143 -> "was stopped (SIGTERM)";
      case 134 -> "aborted (SIGABRT)";
      default -> code > 128 && code < 160 ? "was ended by signal " + (code - 128) : "exited with code " + code;
    };
  }

  /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Asks it to stop (SIGTERM) and waits up to {@code seconds}; then kills it. */
  public void stop(long seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(seconds, TimeUnit.SECONDS);
    }
  }

  /** This process's class-data archive flags (./barker makes one per build), so children map it too. */
  private static List<String> classDataArchive() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-XX:SharedArchiveFile=") || argument.startsWith("-Xlog:cds"))
        .toList();
  }

  /** The java binary this process runs on (its children run on the same). */
  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
