package dev.barker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Times one run: a warm-up, then a measured window over which received messages are counted, while
 * the JVM's heap is sampled for its peak; then a drain, so that loss is counted only for what had
 * time to arrive.
 */
final class Measurement implements AutoCloseable {

  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong peakHeap = new AtomicLong();
  private final Duration warmup;
  private final Duration window;

  Measurement(Duration warmup, Duration window) {
    this.warmup = warmup;
    this.window = window;
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
        0, 50, TimeUnit.MILLISECONDS);
  }

  /** Messages per second received over the window, counting with {@code received}, after the warm-up. */
  double measure(LongSupplier received, Runnable afterWarmup) throws InterruptedException {
    Thread.sleep(warmup.toMillis()); // the benchmark's own clock: a warm-up, then a fixed window
    afterWarmup.run();
    long before = received.getAsLong();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    long after = received.getAsLong();
    return (after - before) * 1e9 / (System.nanoTime() - start);
  }

  /**
   * Waits until {@code received} reaches {@code expected}, or has not grown for a second, or 30 s
   * pass: what was in flight when producers stopped gets its chance to arrive.
   */
  static void drain(LongSupplier received, LongSupplier expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = -1;
    long grewAt = System.nanoTime();
    while (received.getAsLong() < expected.getAsLong() && System.nanoTime() < deadline
        && System.nanoTime() - grewAt < TimeUnit.SECONDS.toNanos(1)) {
      if (received.getAsLong() != last) {
        last = received.getAsLong();
        grewAt = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  long peakHeap() {
    return peakHeap.get();
  }

  static long percentile(Histogram latency, double percent) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percent);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
