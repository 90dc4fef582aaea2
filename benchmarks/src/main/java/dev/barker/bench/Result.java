package dev.barker.bench;

import java.util.Locale;

/**
 * One measured run: what ran, against what, how fast, how long messages took (microseconds), and
 * whether anything was lost or duplicated.
 */
record Result(String workload, String target, String config, double messagesPerSecond, long p50Micros,
    long p99Micros, long p999Micros, long sent, long received, long lost, long duplicates, long peakHeapBytes,
    String note) {

  /** One JSON object on one line. */
  String toJson() {
    return String.format(Locale.ROOT, "{\"workload\":\"%s\",\"target\":\"%s\",\"config\":\"%s\",\"msgs_per_s\":%.0f,"
            + "\"p50_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"sent\":%d,\"received\":%d,\"lost\":%d,\"duplicates\":%d,"
            + "\"peak_heap_mib\":%d,\"note\":\"%s\"}",
        workload, target, config, messagesPerSecond, p50Micros, p99Micros, p999Micros, sent, received, lost, duplicates,
        peakHeapBytes >> 20, note.replace("\"", "'"));
  }

  static String header() {
    return String.format(Locale.ROOT, "%-10s %-19s %-48s %10s %8s %8s %8s %8s %5s %5s %6s  %s",
        "WORKLOAD", "TARGET", "CONFIG", "MSGS/S", "P50 us", "P99 us", "P999 us", "RECEIVED", "LOST", "DUPS", "HEAP", "NOTE");
  }

  String row() {
    return String.format(Locale.ROOT, "%-10s %-19s %-48s %10.0f %8d %8d %8d %8d %5d %5d %5dM  %s",
        workload, target, config, messagesPerSecond, p50Micros, p99Micros, p999Micros, received, lost, duplicates,
        peakHeapBytes >> 20, note);
  }
}
