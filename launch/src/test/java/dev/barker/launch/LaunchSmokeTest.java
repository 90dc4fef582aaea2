package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.testkit.JavaProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barker launch} starts everything (its services compiling as {@code --jit} says; a child
 * started {@code STANDARD} at the JVM's own thresholds), barks reach ark3 (seen with the commands
 * its table suggests), and Ctrl-C leaves no process behind.
 */
@Timeout(180)
class LaunchSmokeTest {

  @TempDir
  Path data;

  @Test
  void launchesBarkerAndCtrlCStopsEveryChild() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--outboxes", "2", "--autobarks", "2", "--rate", "50")) {
      assertTrue(barker.pids.keySet().containsAll(List.of("directory", "inbox", "outbox-1", "outbox-2",
          "bizlogic-1", "autobark-1", "autobark-2", "monitor", "webui")), barker.pids.toString());
      assertTrue(fullJit(barker.pids.get("inbox")), "--jit full is the default");
      assertTrue(quickCompilerOnly(barker.pids.get("autobark-1")), "an autobark on the quick compiler alone");
      for (String page : List.of("Barker page", "Dashboard", "Metrics")) {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(barker.urls.get(page))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), page + " at " + barker.urls.get(page));
      }
      try (JavaProcess listen = JavaProcess.start("listen", Barker.class.getName(),
          barker.hints.get("Watch an inbox").toArray(String[]::new))) {
        listen.awaitLine(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  ark3  \\w+: .+"), 60); // the hint works as printed
      }
      try (JavaProcess routes = JavaProcess.start("routes", Barker.class.getName(),
          barker.hints.get("List the routes").toArray(String[]::new))) {
        routes.awaitLine(line -> line.startsWith(barker.directory.withPath("/bizlogic") + " -> (ordered) "), 30);
        assertEquals(0, routes.exitCode(30));
      }
      barker.launcher.awaitPrinted(line -> line.startsWith("first bark in ark3's inbox"), 60);

      barker.interrupt();

      await().atMost(Duration.ofSeconds(30)).until(() -> barker.pids.values().stream()
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
      await().atMost(Duration.ofSeconds(30)).until(() -> !ProcessHandle.of(barker.launcher.pid())
          .map(ProcessHandle::isAlive).orElse(false));
      assertEquals(List.of(), barker.launcher.printed().stream().filter(line -> line.contains("starting it again")
          || line.contains("cannot write")).toList(), "a child that Ctrl-C ended is not started again");
    }
  }

  @Test
  void childrenExitWhenTheLauncherIsKilled() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--no-web", "--outboxes", "1", "--autobarks", "1",
        "--jit", "quick")) {
      assertTrue(quickCompilerOnly(barker.pids.get("inbox")), "services on the quick compiler with --jit quick");
      barker.launcher.kill(); // SIGKILL: no shutdown hook runs

      await().atMost(Duration.ofSeconds(30)).until(() -> barker.pids.values().stream()
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
  }

  @Test
  void aStandardChildCompilesAtTheJvmsOwnThresholds() throws Exception {
    Child directory = Child.barker("directory", List.of("directory", "--port", "0"), "64m", Child.Jit.STANDARD,
        line -> { });
    try {
      directory.ready().get(60, TimeUnit.SECONDS);
      List<String> options = jvmOptions(directory.pid());
      assertFalse(options.contains("-XX:TieredStopAtLevel=1") || options.contains(Child.LATER_COMPILATION),
          options.toString());
    } finally {
      directory.stop(5);
    }
  }

  private static boolean quickCompilerOnly(long pid) throws java.io.IOException {
    return jvmOptions(pid).contains("-XX:TieredStopAtLevel=1");
  }

  private static boolean fullJit(long pid) throws java.io.IOException {
    List<String> options = jvmOptions(pid);
    return !options.contains("-XX:TieredStopAtLevel=1") && options.contains(Child.LATER_COMPILATION);
  }

  /** Read from /proc: ProcessHandle.Info gives no arguments for a command line as long as a test classpath. */
  private static List<String> jvmOptions(long pid) throws java.io.IOException {
    return List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).split("\u0000"));
  }
}
