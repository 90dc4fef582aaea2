package dev.barker.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the monitor knows of one service instance: its latest agent report and what it adds: the
 * instance ({@code host:port}), whether it is up, and its role in its route.
 */
final class ServiceStatus {

  /** Reports older than this mean a silent service: shown down even if still registered. */
  static final long STALE_MILLIS = 3_000;

  final String agent;
  final String instance;
  Map<String, Object> report = Map.of();
  long reportedAtMillis;
  long goneSinceMillis;

  ServiceStatus(String agent, String instance) {
    this.agent = agent;
    this.instance = instance;
  }

  boolean isUp(long now) {
    return goneSinceMillis == 0 && now - reportedAtMillis <= STALE_MILLIS;
  }

  /** The report, plus {@code instance}, {@code up} and {@code role}: one row of the dashboard. */
  Map<String, Object> toMap(long now, String role) {
    Map<String, Object> row = new LinkedHashMap<>(report);
    row.put("agent", agent);
    row.put("instance", instance);
    row.put("up", isUp(now));
    row.put("role", isUp(now) ? role : "down");
    return row;
  }
}
