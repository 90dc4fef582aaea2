package dev.barker.manifold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python Proton script (Debian's python3-qpid-proton under {@code /usr/bin/python3}, or
 * {@code -Dpython=...}) from the test classpath as a real interop peer, reading its output line by
 * line. Tests call {@link #assumeInstalled()} first, so they skip, saying why, where it is missing.
 */
public final class PythonPeer implements AutoCloseable {

  /** The interpreter that has the proton module. */
  public static final Path PYTHON = Path.of(System.getProperty("python", "/usr/bin/python3"));
  private static final String END = "\u0000end of output";
  private static final Map<String, Boolean> INSTALLED = new ConcurrentHashMap<>();

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();
  private final List<String> printed = new CopyOnWriteArrayList<>();

  private PythonPeer(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          System.out.println("python> " + line);
          printed.add(line);
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output lost: " + e + ")");
      }
      lines.add(END);
    }, "python-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Skips the calling test unless Python Proton is installed. */
  public static void assumeInstalled() {
    assumeInstalledWith("proton", "python3-qpid-proton");
  }

  /** Skips the calling test unless Python can import {@code module} (Debian package {@code debianPackage}). */
  public static void assumeInstalledWith(String module, String debianPackage) {
    Prerequisite.assume(INSTALLED.computeIfAbsent(module, PythonPeer::canImport),
        "no Python module " + module + " for " + PYTHON + ": apt-get install -y " + debianPackage);
  }

  private static boolean canImport(String module) {
    try {
      Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module).redirectErrorStream(true).start();
      boolean imported = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
      check.destroyForcibly();
      return imported;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts the script at classpath resource {@code script} with {@code args}. */
  public static PythonPeer start(String script, String... args) throws IOException {
    Path file = Files.createTempFile("peer-", ".py");
    try (InputStream in = PythonPeer.class.getClassLoader().getResourceAsStream(script)) {
      if (in == null) {
        throw new IOException("no test resource " + script);
      }
      Files.write(file, in.readAllBytes());
    }
    file.toFile().deleteOnExit();
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", file.toString()));
    command.addAll(List.of(args));
    return new PythonPeer(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** The next line the script prints, waiting up to {@code seconds}; fails if none comes. */
  public String nextLine(long seconds) throws InterruptedException {
    String line = nextLineOrNull(seconds);
    if (line == null) {
      throw new AssertionError("python peer printed nothing more within " + seconds + " s; so far: " + output);
    }
    return line;
  }

  /** The next line the script prints, or null once its output has ended; fails if it hangs. */
  public String nextLineOrNull(long seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("python peer printed nothing within " + seconds + " s; so far: " + output);
    }
    if (line.equals(END)) {
      lines.add(END); // stays ended
      return null;
    }
    output.add(line);
    return line;
  }

  /** Every line the script printed so far, whether or not {@link #nextLine} has read it. */
  public List<String> printed() {
    return List.copyOf(printed);
  }

  /** Writes {@code text} to the script's standard input and closes it. */
  public void write(String text) throws IOException {
    try (OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Closes the script's standard input (scripts take it as "stop now"). */
  public void closeInput() throws IOException {
    OutputStream in = process.getOutputStream();
    in.close();
  }

  /** Waits for the script to exit and returns its exit code. */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("python peer still running after " + seconds + " s");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
