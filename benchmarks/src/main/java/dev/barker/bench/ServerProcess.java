package dev.barker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

/**
 * What a server's processes have used together, read from Linux's /proc: CPU time and resident
 * memory.
 */
record ServerProcess(List<Long> pids) {

  /** The processes {@code pids}. */
  static ServerProcess of(long... pids) {
    return new ServerProcess(LongStream.of(pids).boxed().toList());
  }

  /** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** CPU seconds the processes have used so far, user and system, all their threads. */
  double cpuSeconds() {
    double seconds = 0;
    for (long pid : pids) {
      String stat = read(pid, "stat");
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (name) "
      seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
    }
    return seconds;
  }

  /** Resident set sizes now, added up, in bytes. */
  long residentBytes() {
    long bytes = 0;
    for (long pid : pids) {
      bytes += read(pid, "status").lines().filter(line -> line.startsWith("VmRSS:")).findFirst()
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(0L);
    }
    return bytes;
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
    }
  }
}
