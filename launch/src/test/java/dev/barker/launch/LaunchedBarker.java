package dev.barker.launch;

import dev.barker.manifold.Address;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code barker launch} run as a real process on free ports, with the table it printed. */
final class LaunchedBarker implements AutoCloseable {

  final JavaProcess launcher;
  final Address directory;
  final Map<String, Long> pids = new HashMap<>();
  final Map<String, String> listensOn = new HashMap<>();
  final Map<String, String> urls = new HashMap<>();
  /** The commands the table suggests ("Watch an inbox", "List the routes"), as arguments to barker. */
  final Map<String, List<String>> hints = new HashMap<>();

  private static final Pattern URL = Pattern.compile("^(Barker page|Dashboard|Metrics):\\s+(http\\S+)$");
  private static final Pattern HINT = Pattern.compile("^(Watch an inbox|List the routes):\\s+\\./barker (.+)$");
  private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\S*//\\S+)\\s+(\\S+:\\d+)\\s+(\\d+)$");
  /**
   * The launcher starts with SIGINT at its default action, as in a terminal: a build run from a
   * shell's background job (a CI script, say) inherits SIGINT ignored, the JVM then leaves it
   * ignored, and {@link #interrupt()} would stop nothing.
   */
  private static final List<String> SIGINT_AT_DEFAULT = List.of("env", "--default-signal=INT");

  private LaunchedBarker(JavaProcess launcher) throws InterruptedException {
    this.launcher = launcher;
    launcher.awaitLine(line -> line.startsWith("SERVICE "), 120);
    Address found = null;
    for (String line = launcher.awaitLine(row -> true, 10); !line.startsWith("Fail over");
        line = launcher.awaitLine(row -> true, 10)) {
      Matcher row = ROW.matcher(line.trim());
      Matcher url = URL.matcher(line);
      Matcher hint = HINT.matcher(line);
      if (hint.matches()) {
        hints.put(hint.group(1), List.of(hint.group(2).split(" ")));
      } else if (url.matches()) {
        urls.put(url.group(1), url.group(2));
      } else if (row.matches()) { // other lines (a child's log) may come in between
        pids.put(row.group(1), Long.parseLong(row.group(4)));
        listensOn.put(row.group(1), row.group(3));
        if (row.group(1).equals("directory")) {
          found = Address.parse(row.group(2));
        }
      }
    }
    this.directory = found;
  }

  /** Launches with {@code options} (plus free ports and {@code data}) and waits for the table. */
  static LaunchedBarker start(Path data, String... options) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("--ephemeral-ports"));
    args.addAll(List.of(options));
    return startOnDefaultPorts(data, args.toArray(String[]::new));
  }

  /** Launches with {@code options} (and {@code data}) on the default ports, as a user would; waits for the table. */
  static LaunchedBarker startOnDefaultPorts(Path data, String... options) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("launch", "--data", data.toString()));
    args.addAll(List.of(options));
    return new LaunchedBarker(JavaProcess.startUnder(Path.of("").toAbsolutePath(), SIGINT_AT_DEFAULT, "launch",
        Barker.class.getName(), args.toArray(String[]::new)));
  }

  /** Sends SIGINT to the launcher and every child at once, as Ctrl-C in its terminal does (to its process group). */
  void interrupt() throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-INT", String.valueOf(launcher.pid())));
    pids.values().forEach(pid -> command.add(String.valueOf(pid)));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    kill.waitFor();
  }

  @Override
  public void close() throws Exception {
    launcher.close();
    for (long pid : pids.values()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
