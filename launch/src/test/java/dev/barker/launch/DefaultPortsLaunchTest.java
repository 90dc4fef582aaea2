package dev.barker.launch;

import static org.junit.jupiter.api.Assertions.fail;

import dev.barker.testkit.Browser;
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
 * active. A default port in use fails the test, naming the port and what holds it: it never moves
 * to other ports.
 */
@Timeout(240)
class DefaultPortsLaunchTest {

  private static final String[] OPTIONS = {"--bizlogic", "2"};

  @TempDir
  Path data;

  @Test
  void theWalkthroughWorksOnTheDefaultPortsInABrowser() throws Exception {
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
