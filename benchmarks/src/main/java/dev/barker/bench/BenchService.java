package dev.barker.bench;

import dev.barker.launch.Child;
import dev.barker.launch.ReadyLine;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A barker service the bench runs in a JVM of its own, as {@code barker} starts services (the full
 * JIT at the JVM's own thresholds, as {@code ./barker manifold} and the systemd units run it, not
 * the later compilation that {@code barker launch} trades for its start-up), once it is ready: its
 * process and the line it said so with.
 *
 * @param child its process
 * @param ready its ready line: where it listens, the address it serves
 */
record BenchService(Child child, ReadyLine ready) {

  /** Starts {@code barker ARGS} named {@code name} with heap cap {@code heap}; waits (60 s at most) until it is ready, and stops it if it is not. */
  static BenchService start(String name, String heap, List<String> args) throws Exception {
    Child child = Child.barker(name, args, heap, Child.Jit.STANDARD, line -> {
      if (line.contains(" WARN ") || line.contains(" ERROR ")) {
        System.err.println(name + "> " + line); // what went wrong in a run shows beside its result
      }
    });
    try {
      return new BenchService(child, ReadyLine.of(child.ready().get(60, TimeUnit.SECONDS)).orElseThrow());
    } catch (Exception notReady) {
      child.stop(5); // nothing left running for a run that cannot start
      throw notReady;
    }
  }
}
