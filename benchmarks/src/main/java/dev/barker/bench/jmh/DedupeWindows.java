package dev.barker.bench.jmh;

import dev.barker.manifold.engine.RecentIds;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message-id remembered in one of {@code windows} full dedupe windows, chosen at random, as
 * deliveries spread over the streams of an inbox (and the receivers of its subscribers): the same
 * work whatever the count, but the windows' memory grows with it (24 KiB each at the default 1,000
 * ids), and past the CPU's caches each add waits on memory. Run: {@code java -cp
 * benchmarks/target/barker-bench.jar org.openjdk.jmh.Main DedupeWindows}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class DedupeWindows {

  private static final int IDS_PER_WINDOW = 1_000;

  @Param({"100", "1000", "10000"})
  public int windows;

  private RecentIds[] recent;
  private final SplittableRandom random = new SplittableRandom(2015);

  @Setup
  public void fill() {
    recent = new RecentIds[windows];
    for (int i = 0; i < windows; i++) {
      recent[i] = new RecentIds(IDS_PER_WINDOW);
      for (int id = 0; id < IDS_PER_WINDOW; id++) {
        recent[i].add(random.nextLong() | 1);
      }
    }
  }

  /** A new id (never a duplicate: the keys are random 64-bit) into a random full window. */
  @Benchmark
  public boolean addToOneOfMany() {
    return recent[random.nextInt(windows)].add(random.nextLong() | 1);
  }
}
