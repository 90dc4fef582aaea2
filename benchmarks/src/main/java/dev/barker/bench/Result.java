package dev.barker.bench;

import java.util.Locale;

/**
 * One measured run: what ran, against what, how fast, how long messages took (microseconds),
 * whether anything was lost or duplicated, and what the server used: cores over the window (CPU
 * seconds per second) and its peak resident memory.
 */
record Result(String workload, String target, String config, double messagesPerSecond, long p50Micros,
    long p99Micros, long p999Micros, long sent, long received, long lost, long duplicates, double serverCores,
    long peakResidentBytes, String note) {

  /** Messages per CPU-second of the server (0 when its CPU was not measured). */
  double messagesPerCpuSecond() {
    return serverCores > 0 ? messagesPerSecond / serverCores : 0;
  }

  /** One JSON object on one line. */
  String toJson() {
    return String.format(Locale.ROOT, "{\"workload\":\"%s\",\"target\":\"%s\",\"config\":\"%s\",\"msgs_per_s\":%.0f,"
            + "\"p50_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"sent\":%d,\"received\":%d,\"lost\":%d,\"duplicates\":%d,"
            + "\"server_cores\":%.2f,\"msgs_per_cpu_s\":%.0f,\"peak_rss_mib\":%d,\"note\":\"%s\"}",
        workload, target, config, messagesPerSecond, p50Micros, p99Micros, p999Micros, sent, received, lost, duplicates,
        serverCores, messagesPerCpuSecond(), peakResidentBytes >> 20, note.replace("\"", "'"));
  }

  static String header() {
    return String.format(Locale.ROOT, "%-15s %-19s %-62s %10s %8s %8s %8s %8s %5s %5s %5s %10s %6s  %s",
        "WORKLOAD", "TARGET", "CONFIG", "MSGS/S", "P50 us", "P99 us", "P999 us", "RECEIVED", "LOST", "DUPS", "CORES",
        "MSGS/CPU-S", "RSS", "NOTE");
  }

  String row() {
    return String.format(Locale.ROOT, "%-15s %-19s %-62s %10.0f %8d %8d %8d %8d %5d %5d %5.2f %10.0f %5dM  %s",
        workload, target, config, messagesPerSecond, p50Micros, p99Micros, p999Micros, received, lost, duplicates,
        serverCores, messagesPerCpuSecond(), peakResidentBytes >> 20, note);
  }
}
