package dev.barker.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The workloads that run against any {@link Target} through the same client code: a hop (producers
 * to one address, a consumer), fan-out (one producer over many addresses, a consumer on each), and
 * latency at a fixed offered rate.
 */
final class Workloads {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Vertx vertx;
  private final Duration warmup;
  private final Duration window;

  Workloads(Vertx vertx, Duration warmup, Duration window) {
    this.vertx = vertx;
    this.warmup = warmup;
    this.window = window;
  }

  /** {@code producers} senders to one address and one consumer, as fast as credit allows. */
  Result hop(String workload, Target target, int producers, boolean presettled, boolean durable) throws Exception {
    String config = producers + " producers, 1 consumer, " + Probe.BODY_BYTES + " B, "
        + (presettled ? "presettled" : "at-least-once");
    return run(workload, target, config, List.of(target.address("hop" + RUNS.incrementAndGet())), producers,
        presettled, durable, 0);
  }

  /** One producer round-robin over {@code addresses} addresses, one consumer on each. */
  Result fanOut(Target target, int addresses) throws Exception {
    List<String> names = new ArrayList<>();
    int run = RUNS.incrementAndGet();
    for (int i = 0; i < addresses; i++) {
      names.add(target.address("fan" + run + "-" + i));
    }
    return run("fan-out", target, "1 producer over " + addresses + " addresses, " + addresses + " consumers",
        names, 1, false, false, 0);
  }

  /** One producer at {@code rate} messages a second, one consumer: how long each message takes. */
  Result latency(Target target, int rate) throws Exception {
    return run("latency", target, rate + " msgs/s offered, at-least-once",
        List.of(target.address("latency" + RUNS.incrementAndGet())), 1, false, false, rate);
  }

  private Result run(String workload, Target target, String config, List<String> addresses, int producerCount,
      boolean presettled, boolean durable, int rate) throws Exception {
    try (Measurement measurement = new Measurement(warmup, window)) {
      Consumers consumers = new Consumers(vertx, target, addresses, presettled);
      Producers producers = new Producers(vertx, target, producerCount, addresses, presettled, durable, rate);
      double throughput = measurement.measure(consumers::received, consumers::resetLatency);
      producers.stop();
      Measurement.drain(consumers::distinct, producers::accepted);
      Histogram latency = consumers.latency();
      long accepted = producers.accepted();
      return new Result(workload, target.name(), config, throughput,
          Measurement.percentile(latency, 50), Measurement.percentile(latency, 99),
          Measurement.percentile(latency, 99.9), producers.sent(), consumers.received(),
          Math.max(0, accepted - consumers.distinct()), consumers.duplicates(), measurement.peakHeap(), "");
    }
  }
}
