package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.TestLoop;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barker launch} heals itself: an inbox or outbox killed with SIGKILL is started again by the
 * launcher, on its port, and with {@code --store} nothing an outbox accepted is lost (a subscriber
 * gets what reached its inbox while it relinked, within the inbox's history); the back-off
 * doubles; {@code barker launch status} and the dashboard show the restarts; {@code --no-restart} leaves it down.
 */
@Timeout(240)
class LaunchRestartTest {

  private static final Pattern BACK = Pattern.compile("^launch\\s+\\| (\\S+) is back on (\\S+) \\(pid (\\d+), restart (\\d+)\\)$");

  @TempDir
  Path data;

  @Test
  void aKilledInboxOrOutboxComesBackOnItsPortAndNoAcceptedBarkIsLost() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--store", "--outboxes", "1", "--autobarks", "0");
         TestLoop loop = new TestLoop()) {
      Users users = UsersFile.loadOrCreate(data);
      BarkTraffic traffic = new BarkTraffic(loop, barker.directory, "heal-").subscribe(List.of("rdl", "ark3", "rex"));
      // slow enough that what reaches an inbox while its subscriber relinks stays within its history (25)
      long timer = traffic.sendEvery(1000, 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> traffic.arrivalsAt("rdl") >= 3);

      killAndAwaitReturn(barker, traffic, "inbox", "1 s", 1);
      killAndAwaitReturn(barker, traffic, "outbox-1", "1 s", 1);
      killAndAwaitReturn(barker, traffic, "inbox", "2 s", 2); // it had not stayed up a minute: the back-off doubled

      traffic.stop(timer);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(List.of(), traffic.missing(users)));
      assertEquals(List.of(), traffic.duplicates(), "barks a subscriber saw twice");
      String status = status();
      assertTrue(status.matches("(?s).*\\ninbox\\s+up\\s+\\d+\\s+2\\s.*"), status);
      assertTrue(status.matches("(?s).*\\noutbox-1\\s+up\\s+\\d+\\s+1\\s.*"), status);
      assertTrue(status.matches("(?s).*\\ndirectory\\s+up\\s+\\d+\\s+0\\s.*"), status);
      await("the dashboard's rows count the restarts").atMost(Duration.ofSeconds(10))
          .until(() -> restartsOnTheDashboard(loop, barker), restarts -> restarts.equals(Map.of("inbox", 2, "outbox", 1)));
      System.out.printf("restarts: %d barks accepted, every one in every subscribed inbox, none twice%n%s",
          traffic.acceptedCount(), status);
    }
  }

  @Test
  void withNoRestartAKilledServiceStaysDown() throws Exception {
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--no-restart", "--no-web", "--outboxes", "1", "--autobarks", "0")) {
      ProcessHandle.of(barker.pids.get("bizlogic-1")).orElseThrow().destroyForcibly();

      barker.launcher.awaitLine(line -> line.matches("launch\\s+\\| bizlogic-1 \\(pid \\d+\\) was killed \\(SIGKILL\\); "
          + "not started again \\(--no-restart\\)"), 30);
      // each look is a JVM of its own (barker launch status), a second or more on a busy machine
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
          .until(() -> status().matches("(?s).*\\nbizlogic-1\\s+exited\\s.*"));
    }
  }

  @Test
  void statusSaysWhenNoLaunchIsRunning() throws Exception {
    try (JavaProcess status = JavaProcess.start("status", Barker.class.getName(), "launch", "status", "--data", data.toString())) {
      status.awaitLine(line -> line.equals("barker: no barker launch has run with " + data + " (no "
          + data.resolve(LaunchStatus.FILE_NAME) + ")"), 30);
      assertEquals(1, status.exitCode(30));
    }
  }

  /** Kills {@code name} with SIGKILL, then waits for the launcher to start it again and for barks to flow. */
  private static void killAndAwaitReturn(LaunchedBarker barker, BarkTraffic traffic, String name, String delay,
      int restart) throws InterruptedException {
    long pid = barker.pids.get(name);
    long killedAt = System.currentTimeMillis();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    barker.launcher.awaitLine(line -> line.matches("launch\\s+\\| " + name + " \\(pid " + pid + "\\) was killed \\(SIGKILL\\); "
        + "starting it again in " + delay + " \\(restart " + restart + "\\)"), 30);
    Matcher back = BACK.matcher(barker.launcher.awaitLine(line -> BACK.matcher(line).matches() && line.contains(name + " "), 60));
    assertTrue(back.matches());
    assertEquals(barker.listensOn.get(name), back.group(2), name + " came back on the port it had");
    assertEquals(String.valueOf(restart), back.group(4));
    barker.pids.put(name, Long.parseLong(back.group(3)));
    await(name + " back: barks flow").atMost(Duration.ofSeconds(30))
        .until(() -> traffic.firstArrivalSentAfter("rdl", killedAt) > 0);
    System.out.printf("restarts: %s killed; barks sent after it reached rdl %d ms later%n", name,
        traffic.firstArrivalSentAfter("rdl", killedAt) - killedAt);
  }

  /** Restarts of the inbox and the outbox, as the monitor publishes them for the dashboard. */
  private static Map<String, Object> restartsOnTheDashboard(TestLoop loop, LaunchedBarker barker) {
    CompletableFuture<List<?>> rows = new CompletableFuture<>();
    Linker linker = loop.call(() -> new Linker(loop.vertx()));
    loop.run(() -> linker.receiver(barker.directory.withPath("/monitor"), delivery -> {
      rows.complete((List<?>) ((Map<?, ?>) ((AmqpValue) delivery.message().getBody()).getValue()).get("services"));
      delivery.accept();
    }));
    try {
      Map<String, Object> restarts = new HashMap<>();
      for (Object each : rows.get(10, TimeUnit.SECONDS)) {
        Map<?, ?> row = (Map<?, ?>) each;
        String address = String.valueOf(row.get("address"));
        if (address.endsWith("/inbox") || address.endsWith("/outbox")) {
          restarts.put(address.substring(address.lastIndexOf('/') + 1), row.get("restarts"));
        }
      }
      return restarts;
    } catch (Exception e) {
      throw new AssertionError("no rows from the monitor: " + e, e);
    } finally {
      linker.close();
    }
  }

  private String status() throws InterruptedException {
    try (JavaProcess status = JavaProcess.start("status", Barker.class.getName(), "launch", "status", "--data", data.toString())) {
      StringBuilder table = new StringBuilder(status.awaitLine(line -> line.startsWith("SERVICE "), 30)).append('\n');
      assertEquals(0, status.exitCode(30));
      status.printed().stream().dropWhile(line -> !line.startsWith("SERVICE ")).skip(1)
          .forEach(line -> table.append(line).append('\n'));
      return table.toString();
    }
  }
}
