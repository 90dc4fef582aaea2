package dev.barker.launch;

import dev.barker.manifold.Address;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code barker launch} run as a real process on free ports, with the table it printed. */
final class LaunchedBarker implements AutoCloseable {

  final JavaProcess launcher;
  final Address directory;
  final Map<String, Long> pids = new HashMap<>();

  private LaunchedBarker(JavaProcess launcher) throws InterruptedException {
    this.launcher = launcher;
    launcher.awaitLine(line -> line.startsWith("SERVICE "), 120);
    Address found = null;
    for (String row = launcher.awaitLine(line -> true, 10); !row.isBlank(); row = launcher.awaitLine(line -> true, 10)) {
      String[] columns = row.trim().split("\\s+");
      pids.put(columns[0], Long.parseLong(columns[3]));
      if (columns[0].equals("directory")) {
        found = Address.parse(columns[1]);
      }
    }
    this.directory = found;
  }

  /** Launches with {@code options} (plus free ports and {@code data}) and waits for the table. */
  static LaunchedBarker start(Path data, String... options) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("launch", "--ephemeral-ports", "--data", data.toString()));
    args.addAll(List.of(options));
    return new LaunchedBarker(JavaProcess.start("launch", Barker.class.getName(), args.toArray(String[]::new)));
  }

  /** Sends the launcher SIGINT, as Ctrl-C in its terminal does. */
  void interrupt() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).inheritIO().start();
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
