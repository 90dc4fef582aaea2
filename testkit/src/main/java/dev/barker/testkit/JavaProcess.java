package dev.barker.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A separate JVM on the test's own classpath (so it can be killed like a real service), its
 * output echoed with a prefix and readable line by line.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> printed = new CopyOnWriteArrayList<>();

  private JavaProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM with a small heap. */
  public static JavaProcess start(String name, String mainClass, String... args) {
    return startIn(Path.of("").toAbsolutePath(), name, mainClass, args);
  }

  /** As {@link #start}, in the working directory {@code directory} (relative paths it uses resolve there). */
  public static JavaProcess startIn(Path directory, String name, String mainClass, String... args) {
    return startUnder(directory, List.of(), name, mainClass, args);
  }

  /**
   * As {@link #startIn}, the JVM's command line after {@code prefix} (e.g. {@code ip netns exec NS},
   * which runs it on a test bed's host).
   */
  public static JavaProcess startUnder(Path directory, List<String> prefix, String name, String mainClass,
      String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    try {
      return new JavaProcess(name, new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  /** A JVM started by {@code command} some other way (inside an unpacked image with chroot, say). */
  public static JavaProcess startCommand(String name, List<String> command) {
    try {
      return new JavaProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  /** Waits up to {@code seconds} for an output line matching {@code wanted} and returns it. */
  public String awaitLine(Predicate<String> wanted, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line == null && !process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before printing the expected line");
      }
    }
    throw new AssertionError(name + " printed no expected line within " + seconds + " s");
  }

  /**
   * Waits up to {@code seconds} until some line it printed, at any time (even one an
   * {@link #awaitLine} already went past), matches {@code wanted}, and returns it.
   */
  public String awaitPrinted(Predicate<String> wanted, long seconds) {
    return Awaitility.await(name + " printing an expected line").atMost(Duration.ofSeconds(seconds))
        .until(() -> printed.stream().filter(wanted).findFirst().orElse(null), Objects::nonNull);
  }

  /** Every line it has printed so far. */
  public List<String> printed() {
    return List.copyOf(printed);
  }

  /** Waits up to {@code seconds} for it to exit and returns its exit code. */
  public int exitCode(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Kills it, and whatever it started, with SIGKILL and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly); // a wrapper's JVM (unshare's) dies with it
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        System.out.println(name + "> " + line);
        printed.add(line);
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(output lost: " + e + ")");
    }
  }
}
