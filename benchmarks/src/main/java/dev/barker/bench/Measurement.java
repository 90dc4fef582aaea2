package dev.barker.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Times one run: a warm-up, then a measured window over which received messages are counted and
 * the server's CPU time is taken, while its resident memory is sampled for its peak; then a drain,
 * so that loss is counted only for what had time to arrive.
 */
final class Measurement implements AutoCloseable {

  /** How long the drain waits for a count that stopped growing before what is missing counts as lost. */
  static final long PATIENCE_SECONDS = 10;
  private static final long DRAIN_LIMIT_SECONDS = 30;

  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong peakResident = new AtomicLong();
  private final ServerProcess server;
  private final Duration warmup;
  private final Duration window;
  private double serverCores;

  /** A run of {@code server} (the process doing the work: a target's, or this one). */
  Measurement(ServerProcess server, Duration warmup, Duration window) {
    this.server = server;
    this.warmup = warmup;
    this.window = window;
    sampler.scheduleAtFixedRate(() -> peakResident.accumulateAndGet(server.residentBytes(), Math::max),
        0, 50, TimeUnit.MILLISECONDS);
  }

  /** A run whose work is all in this process. */
  static Measurement inThisProcess(Duration warmup, Duration window) {
    return new Measurement(ServerProcess.of(ProcessHandle.current().pid()), warmup, window);
  }

  /** Messages per second received over the window, counting with {@code received}, after the warm-up. */
  double measure(LongSupplier received, Runnable afterWarmup) throws InterruptedException {
    Thread.sleep(warmup.toMillis()); // the benchmark's own clock: a warm-up, then a fixed window
    afterWarmup.run();
    long before = received.getAsLong();
    double cpuBefore = server.cpuSeconds();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    long after = received.getAsLong();
    double elapsed = (System.nanoTime() - start) / 1e9;
    serverCores = (server.cpuSeconds() - cpuBefore) / elapsed;
    return (after - before) / elapsed;
  }

  /** Cores the server kept busy over the window (CPU seconds per second). */
  double serverCores() {
    return serverCores;
  }

  /**
   * Waits (30 s at most) until every message sent has its outcome, then until {@code received}
   * reaches {@code expected}, or has not grown for {@link #PATIENCE_SECONDS}: what was in flight
   * when producers stopped gets its chance to arrive. Outcomes first, because {@code expected}
   * grows with each one: counted before the last of them came, a message accepted after the count
   * was seen to catch up was counted lost (100 at a time, one producer's credit, in some runs).
   */
  static void drain(BooleanSupplier allSettled, LongSupplier received, LongSupplier expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_LIMIT_SECONDS);
    while (!allSettled.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long last = -1;
    long grewAt = System.nanoTime();
    while (received.getAsLong() < expected.getAsLong() && System.nanoTime() < deadline
        && System.nanoTime() - grewAt < TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS)) {
      if (received.getAsLong() != last) {
        last = received.getAsLong();
        grewAt = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  /** The server's largest resident set size seen during the run. */
  long peakResident() {
    return peakResident.get();
  }

  static long percentile(Histogram latency, double percent) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percent);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
