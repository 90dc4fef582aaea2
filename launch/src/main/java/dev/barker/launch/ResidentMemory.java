package dev.barker.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Memory of this process and all its descendants, as Linux's proportional set size (PSS, from
 * {@code /proc/<pid>/smaps_rollup}): pages shared between processes (the JDK, the class-data
 * archive) are divided among them rather than counted once per process.
 */
final class ResidentMemory {

  private ResidentMemory() {
  }

  /** Bytes of this process and its descendants; 0 where /proc is not available. */
  static long ofTree() {
    ProcessHandle self = ProcessHandle.current();
    return Stream.concat(Stream.of(self), self.descendants()).mapToLong(ResidentMemory::of).sum();
  }

  private static long of(ProcessHandle process) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "smaps_rollup"))) {
      return lines.filter(line -> line.startsWith("Pss:"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0; // gone already, or not Linux
    }
  }
}
