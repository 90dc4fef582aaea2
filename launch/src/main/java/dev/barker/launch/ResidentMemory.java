package dev.barker.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory (Linux {@code /proc/<pid>/status} VmRSS) of this process and all its descendants. */
final class ResidentMemory {

  private ResidentMemory() {
  }

  /** Bytes resident in this process and its descendants; 0 where /proc is not available. */
  static long ofTree() {
    ProcessHandle self = ProcessHandle.current();
    return Stream.concat(Stream.of(self), self.descendants()).mapToLong(ResidentMemory::of).sum();
  }

  private static long of(ProcessHandle process) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      return lines.filter(line -> line.startsWith("VmRSS:"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0; // gone already, or not Linux
    }
  }
}
