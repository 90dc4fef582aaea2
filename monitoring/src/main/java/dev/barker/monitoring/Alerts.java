package dev.barker.monitoring;

import dev.barker.manifold.agent.AgentReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console shows on top, worked out from the rows each second: a service down, a store
 * that cannot write, a backlog that has grown for more than {@link #GROWING_MILLIS}, dead letters
 * held, a subscriber detached for being slow (shown for {@link #RECENT_MILLIS}). Each alert is a
 * map of {@code kind}, {@code severity} ({@code critical} or {@code warning}), {@code service},
 * {@code instance}, {@code since} (ms) and a one-line {@code message}.
 */
final class Alerts {

  /** How long a backlog must have grown, never empty, to be an alert. */
  static final long GROWING_MILLIS = 30_000;
  /** How long a slow subscriber's detachment stays on show. */
  static final long RECENT_MILLIS = 5 * 60_000;

  private record Sample(long atMillis, long backlog) {
  }

  private record Detached(long count, long atMillis, String stream) {
  }

  private final Map<String, Deque<Sample>> backlogs = new HashMap<>();
  private final Map<String, Detached> detached = new HashMap<>();

  /** The alerts for {@code rows} (the dashboard's) at {@code now}, critical ones first. */
  List<Map<String, Object>> update(List<Map<String, Object>> rows, long now) {
    List<Map<String, Object>> critical = new ArrayList<>();
    List<Map<String, Object>> warnings = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String name = String.valueOf(row.get(ServiceStatus.NAME));
      if (!Boolean.TRUE.equals(row.get(ServiceStatus.UP))) {
        critical.add(alert("service_down", "critical", row, number(row, ServiceStatus.DOWN_SINCE),
            name + " (" + row.get(ServiceStatus.INSTANCE) + ") is down"));
        continue;
      }
      Object failure = row.get(AgentReport.MANIFOLD_STORE_FAILURE);
      if (failure != null) {
        critical.add(alert("store_failure", "critical", row, now, name + "'s store cannot write: " + failure));
      }
      if (row.containsKey(AgentReport.MANIFOLD_BACKLOG)) {
        growing(row, name, now, warnings);
        long dead = number(row, AgentReport.MANIFOLD_DEAD_HELD);
        if (dead > 0) {
          warnings.add(alert("dead_letters", "warning", row, now, name + " holds " + dead + " dead letter"
              + (dead == 1 ? "" : "s") + ": the push target rejected them (retry or purge them in Streams)"));
        }
        slow(row, name, now, warnings);
      }
    }
    critical.addAll(warnings);
    return critical;
  }

  private void growing(Map<String, Object> row, String name, long now, List<Map<String, Object>> alerts) {
    Deque<Sample> samples = backlogs.computeIfAbsent(String.valueOf(row.get(AgentReport.AGENT)), agent -> new ArrayDeque<>());
    long backlog = number(row, AgentReport.MANIFOLD_BACKLOG);
    samples.addLast(new Sample(now, backlog));
    while (samples.size() > 1 && now - samples.peekFirst().atMillis() > GROWING_MILLIS + 5_000) {
      samples.removeFirst();
    }
    long notEmptyFor = number(row, AgentReport.MANIFOLD_LAST_IDLE);
    Sample then = samples.peekFirst();
    if (backlog > 0 && notEmptyFor > GROWING_MILLIS && now - then.atMillis() >= GROWING_MILLIS && backlog > then.backlog()) {
      alerts.add(alert("backlog_growing", "warning", row, now - notEmptyFor, name + "'s backlog has grown for "
          + notEmptyFor / 1000 + " s: " + backlog + " messages wait for the push target"));
    }
  }

  private void slow(Map<String, Object> row, String name, long now, List<Map<String, Object>> alerts) {
    String agent = String.valueOf(row.get(AgentReport.AGENT));
    long count = number(row, AgentReport.MANIFOLD_SLOW_DETACHED);
    Detached last = detached.get(agent);
    if (last == null || count != last.count()) {
      last = new Detached(count, last == null ? 0 : now, String.valueOf(row.get(AgentReport.MANIFOLD_LAST_SLOW_STREAM)));
      detached.put(agent, last); // the first report only sets the count: what came before is not news
    }
    if (last.atMillis() != 0 && now - last.atMillis() < RECENT_MILLIS) {
      alerts.add(alert("slow_subscriber", "warning", row, last.atMillis(), name + " detached a slow subscriber of "
          + last.stream() + ": it took nothing while its producers waited"));
    }
  }

  private static Map<String, Object> alert(String kind, String severity, Map<String, Object> row, long since,
      String message) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("kind", kind);
    alert.put("severity", severity);
    alert.put("service", row.get(ServiceStatus.NAME));
    alert.put("instance", row.get(ServiceStatus.INSTANCE));
    alert.put("since", since);
    alert.put("message", message);
    return alert;
  }

  private static long number(Map<String, Object> row, String key) {
    return row.get(key) instanceof Number number ? number.longValue() : 0;
  }
}
