package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.barker.testkit.Browser;
import dev.barker.testkit.JavaProcess;
import dev.barker.testkit.Readme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's walkthrough as a new user follows it, on the default ports, in a real Chromium:
 * {@code barker launch --bizlogic 2}, the Barker page with barks arriving, the dashboard with every
 * service up; then {@code kill -9} of bizlogic-5680, and the dashboard marks it down and 5681
 * active. On the way it runs the README's commands as written. A default port in use fails the
 * test, naming the port and what holds it: it never moves to other ports.
 */
@Timeout(240)
class DefaultPortsLaunchTest {

  private static final String[] OPTIONS = {"--bizlogic", "2"};

  @TempDir
  Path home;
  private Path data;

  @Test
  void theWalkthroughWorksOnTheDefaultPortsInABrowser() throws Exception {
    data = home.resolve("data"); // the README's commands, run in home, find it where they look by default
    try (Browser browser = Browser.start()) {
      assertDefaultPortsFree();
      try (LaunchedBarker barker = LaunchedBarker.startOnDefaultPorts(data, OPTIONS)) {
        browser.open(barker.urls.get("Barker page"));
        browser.await("body[data-inbox='live']");
        browser.await("li.bark");
        browser.screenshot("default-ports-barker-page");

        browser.open(barker.urls.get("Dashboard"));
        browser.await("body[data-monitor='live']");
        int services = barker.pids.size();
        browser.awaitTrue(() -> browser.all("#services tr[data-up='true']").size() == services);
        browser.await("tr[data-instance='127.0.0.1:5680'][data-role='active']");
        browser.await("tr[data-instance='127.0.0.1:5681'][data-role='standby']");
        browser.screenshot("default-ports-dashboard");

        runTheReadmeCommands();

        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(barker.pids.get("bizlogic-5680"))).start();
        kill.waitFor(10, TimeUnit.SECONDS);
        browser.await("tr[data-instance='127.0.0.1:5680'][data-up='false']");
        browser.await("tr[data-instance='127.0.0.1:5681'][data-role='active']");
        browser.screenshot("default-ports-dashboard-after-failover");
        // the launcher starts 5680 again; it registers last, so it is the standby now
        browser.await("tr[data-instance='127.0.0.1:5680'][data-role='standby']");
        browser.awaitTrue(() -> browser.text("tr[data-instance='127.0.0.1:5680'] .restarts").equals("1"));
        browser.screenshotOfWholePage("default-ports-dashboard-after-restart");
      }
    }
  }

  /**
   * Runs, as written, every {@code ./barker} command in the README's literal blocks that this launch
   * serves, in the directory holding its {@code data} (so the README's relative paths hold):
   * {@code listen} until a bark arrives, the others to a clean exit; and what {@code routes} prints
   * is what the README shows it printing. Not run here: the launches themselves (each variant has a
   * test of its own), {@code bench}, and the commands of the {@code --secure} launch.
   */
  private void runTheReadmeCommands() throws Exception {
    Readme readme = Readme.ofProject();
    List<List<String>> commands = ReadmeCommands.barkerCommands(readme).stream()
        .filter(args -> !args.get(0).equals("bench") && !String.join(" ", args).contains("data/secure")
            && (!args.get(0).equals("launch") || args.equals(List.of("launch", "status"))))
        .toList();
    assertTrue(commands.size() >= 4, "the README's commands: " + commands);
    for (List<String> args : commands) {
      try (JavaProcess command = JavaProcess.startIn(home, args.get(0),
          Barker.class.getName(), args.toArray(String[]::new))) {
        if (args.get(0).equals("listen")) {
          command.awaitLine(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  " + args.get(1) + "  \\w+: .+"), 60);
        } else {
          assertEquals(0, command.exitCode(60), "./barker " + String.join(" ", args) + " as the README has it");
        }
        if (args.equals(List.of("routes"))) {
          assertEquals(ReadmeCommands.withoutEphemeralPorts(ReadmeCommands.outputShownFor(readme, "./barker routes")),
              ReadmeCommands.withoutEphemeralPorts(command.printed()), "the README shows what routes prints: " + command.printed());
        }
      }
    }
  }

  /** Fails, naming the port and its holder, if any port this launch needs is taken. */
  private static void assertDefaultPortsFree() throws Exception {
    LaunchCommand launch = new LaunchCommand();
    new CommandLine(launch).parseArgs(OPTIONS);
    for (int port : launch.fixedPorts()) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        probe.setReuseAddress(true);
      } catch (IOException busy) {
        fail("default port " + port + " is in use, so this test cannot run the README's walkthrough: " + holder(port));
      }
    }
  }

  private static String holder(int port) throws Exception {
    Process ss = new ProcessBuilder(List.of("ss", "-Htlnp", "sport = :" + port)).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    ss.waitFor(10, TimeUnit.SECONDS);
    return out.isEmpty() ? "(ss names no holder)" : out;
  }
}
