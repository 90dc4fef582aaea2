package dev.barker.monitoring;

import dev.barker.manifold.Address;
import dev.barker.manifold.agent.AgentReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor knows of one service instance: its latest agent report and what it adds: a
 * name ({@code outbox-5800}), the instance ({@code host:port}), whether it is up, its role in its
 * route and how often it started again. A service that is down keeps its row (without the figures
 * of its last report, which no longer hold) until it comes back or an operator removes it.
 */
final class ServiceStatus {

  /** Row key: the service's short name, its address's last segment and its port, e.g. {@code outbox-5800}. */
  static final String NAME = "name";
  /** Row key: the instance's {@code host:port}. */
  static final String INSTANCE = "instance";
  /** Row key: true while registered and reporting. */
  static final String UP = "up";
  /** Row key: {@code active}, {@code standby} or {@code down}. */
  static final String ROLE = "role";
  /** Row key: how often the monitor saw the service's process start again (a new start time). */
  static final String RESTARTS = "restarts";
  /** Row key: since when a service that is down has been (ms since the epoch). */
  static final String DOWN_SINCE = "down_since";

  /** Reports older than this mean a silent service: shown down even if still registered. */
  static final long STALE_MILLIS = 3_000;
  /** What a down service's row keeps of its last report: who it was. */
  private static final List<String> IDENTITY = List.of(AgentReport.ADDRESS, AgentReport.TYPE, AgentReport.PID,
      AgentReport.STARTED, AgentReport.COMMAND);

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

  /** Since when it has been down: when its route went, or when it last reported. */
  long downSince() {
    return goneSinceMillis != 0 ? Math.min(goneSinceMillis, reportedAtMillis + STALE_MILLIS)
        : reportedAtMillis + STALE_MILLIS;
  }

  /** Its short name, e.g. {@code outbox-5800}. */
  String name() {
    Object address = report.get(AgentReport.ADDRESS);
    String path = address == null ? "/" + report.getOrDefault(AgentReport.TYPE, "service") : Address.parse(String.valueOf(address)).path();
    return path.substring(path.lastIndexOf('/') + 1) + "-" + instance.substring(instance.lastIndexOf(':') + 1);
  }

  /**
   * One row of the dashboard (report.js names its keys too): the report, or only who the service
   * was while it is down, plus {@link #NAME}, {@link #INSTANCE}, {@link #UP}, {@link #ROLE} and
   * {@link #RESTARTS} (and {@link #DOWN_SINCE}).
   */
  Map<String, Object> toMap(long now, String role) {
    boolean up = isUp(now);
    Map<String, Object> row = new LinkedHashMap<>();
    if (up) {
      row.putAll(report);
    } else {
      IDENTITY.stream().filter(report::containsKey).forEach(key -> row.put(key, report.get(key)));
      row.put(DOWN_SINCE, downSince());
    }
    row.put(AgentReport.AGENT, agent);
    row.put(NAME, name());
    row.put(INSTANCE, instance);
    row.put(UP, up);
    row.put(ROLE, up ? role : "down");
    row.put(RESTARTS, restarts);
    return row;
  }
}
