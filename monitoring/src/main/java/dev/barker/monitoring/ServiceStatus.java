package dev.barker.monitoring;

import dev.barker.manifold.agent.AgentReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the monitor knows of one service instance: its latest agent report and what it adds: the
 * instance ({@code host:port}), whether it is up, and its role in its route.
 */
final class ServiceStatus {

  /** Row key: the instance's {@code host:port}. */
  static final String INSTANCE = "instance";
  /** Row key: true while registered and reporting. */
  static final String UP = "up";
  /** Row key: {@code active}, {@code standby} or {@code down}. */
  static final String ROLE = "role";
  /** Row key: how often the monitor saw the service's process start again (a new start time). */
  static final String RESTARTS = "restarts";

  /** Reports older than this mean a silent service: shown down even if still registered. */
  static final long STALE_MILLIS = 3_000;

  final String agent;
  final String instance;
  Map<String, Object> report = Map.of();
  long reportedAtMillis;
  long goneSinceMillis;
  private Object started;
  private int restarts;

  ServiceStatus(String agent, String instance) {
    this.agent = agent;
    this.instance = instance;
  }

  /** Takes a new report; one with another process start time than the last counts as a restart. */
  void report(Map<String, Object> latest, long now) {
    Object startedNow = latest.get(AgentReport.STARTED);
    if (started != null && startedNow != null && !started.equals(startedNow)) {
      restarts++;
    }
    started = startedNow;
    report = latest;
    reportedAtMillis = now;
  }

  boolean isUp(long now) {
    return goneSinceMillis == 0 && now - reportedAtMillis <= STALE_MILLIS;
  }

  /** The report, plus {@link #INSTANCE}, {@link #UP}, {@link #ROLE} and {@link #RESTARTS}: one row of the dashboard (report.js names them too). */
  Map<String, Object> toMap(long now, String role) {
    Map<String, Object> row = new LinkedHashMap<>(report);
    row.put(AgentReport.AGENT, agent);
    row.put(INSTANCE, instance);
    row.put(UP, isUp(now));
    row.put(ROLE, isUp(now) ? role : "down");
    row.put(RESTARTS, restarts);
    return row;
  }
}
