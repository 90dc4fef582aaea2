package dev.barker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a server's process has used, read from Linux's /proc: CPU time and resident memory. */
record ServerProcess(long pid) {

  /** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** CPU seconds the process has used so far, user and system, all its threads. */
  double cpuSeconds() {
    String stat = read("stat");
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (name) "
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
  }

  /** Resident set size now, in bytes. */
  long residentBytes() {
    return read("status").lines().filter(line -> line.startsWith("VmRSS:")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(0L);
  }

  private String read(String file) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
    }
  }
}
