package dev.barker.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barker.manifold.agent.AgentReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the console's alerts appear and go, given the monitor's rows second by second. */
class AlertsTest {

  private final Alerts alerts = new Alerts();

  @Test
  void aBacklogIsAnAlertOnlyOnceItHasGrownForThirtySecondsWithoutEmptying() {
    for (int second = 0; second <= 30; second++) {
      assertEquals(List.of(), kinds(outbox(10L * second, second * 1000L, 0), second * 1000L), "at " + second + " s");
    }
    assertEquals(List.of("backlog_growing"), kinds(outbox(310, 31_000, 0), 31_000));
    assertEquals(List.of("outbox-5800's backlog has grown for 31 s: 310 messages wait for the push target"),
        alerts.update(List.of(outbox(310, 31_000, 0)), 31_000).stream().map(a -> a.get("message")).toList());
    assertEquals(List.of(), kinds(outbox(0, 0, 0), 32_000), "drained: gone");
  }

  @Test
  void aBacklogThatIsBigButShrinkingIsNoAlert() {
    for (int second = 0; second <= 40; second++) {
      assertEquals(List.of(), kinds(outbox(1000 - 10L * second, 60_000 + second * 1000L, 0), second * 1000L));
    }
  }

  @Test
  void deadLettersAreAnAlertWhileHeldAndASlowSubscriberForFiveMinutesAfterItWasDetached() {
    assertEquals(List.of(), kinds(outbox(0, 0, 0), 0), "the first report's count is not news");
    assertEquals(List.of("dead_letters"), kinds(with(outbox(0, 0, 0), AgentReport.MANIFOLD_DEAD_HELD, 2), 1_000));
    Map<String, Object> detached = with(with(outbox(0, 0, 0), AgentReport.MANIFOLD_SLOW_DETACHED, 1L),
        AgentReport.MANIFOLD_LAST_SLOW_STREAM, "/outbox/rex");
    assertEquals(List.of("slow_subscriber"), kinds(detached, 2_000));
    assertEquals(List.of("slow_subscriber"), kinds(detached, 2_000 + Alerts.RECENT_MILLIS - 1));
    assertEquals(List.of(), kinds(detached, 2_000 + Alerts.RECENT_MILLIS));
  }

  @Test
  void aServiceDownOrAFailingStoreIsCriticalAndComesFirst() {
    Map<String, Object> down = new HashMap<>(Map.of(ServiceStatus.NAME, "bizlogic-5680", ServiceStatus.INSTANCE,
        "127.0.0.1:5680", ServiceStatus.UP, false, ServiceStatus.DOWN_SINCE, 500L, AgentReport.AGENT, "b"));
    Map<String, Object> failing = with(with(outbox(0, 0, 0), AgentReport.MANIFOLD_DEAD_HELD, 1),
        AgentReport.MANIFOLD_STORE_FAILURE, "cannot write /data/store: No space left on device");
    List<Map<String, Object>> both = alerts.update(List.of(failing, down), 1_000);
    assertEquals(List.of("store_failure", "service_down", "dead_letters"), both.stream().map(a -> a.get("kind")).toList());
    assertEquals("bizlogic-5680 (127.0.0.1:5680) is down", both.get(1).get("message"));
    assertEquals(500L, both.get(1).get("since"));
  }

  private List<Object> kinds(Map<String, Object> row, long now) {
    return alerts.update(List.of(row), now).stream().map(alert -> alert.get("kind")).toList();
  }

  private static Map<String, Object> outbox(long backlog, long notEmptyForMillis, int deadHeld) {
    Map<String, Object> row = new HashMap<>();
    row.put(ServiceStatus.NAME, "outbox-5800");
    row.put(ServiceStatus.INSTANCE, "127.0.0.1:5800");
    row.put(ServiceStatus.UP, true);
    row.put(AgentReport.AGENT, "//127.0.0.1/agents/127.0.0.1-5800");
    row.put(AgentReport.MANIFOLD_BACKLOG, (int) backlog);
    row.put(AgentReport.MANIFOLD_LAST_IDLE, notEmptyForMillis);
    row.put(AgentReport.MANIFOLD_DEAD_HELD, deadHeld);
    row.put(AgentReport.MANIFOLD_SLOW_DETACHED, 0L);
    return row;
  }

  private static Map<String, Object> with(Map<String, Object> row, String key, Object value) {
    Map<String, Object> changed = new HashMap<>(row);
    changed.put(key, value);
    return changed;
  }
}
