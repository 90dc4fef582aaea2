package dev.barker.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The workloads that run against any {@link Target} through the same client code: a hop (producers
 * to one address, a consumer), fan-out (one producer to one address, subscribers that each get every
 * message: a topic on Artemis), and latency at a fixed offered rate.
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
    List<String> queue = List.of(target.address("hop" + RUNS.incrementAndGet()));
    return run(workload, target, config, queue, queue, producers, presettled, durable, 0);
  }

  /** The at-least-once hop with bodies of {@code bodyBytes}. */
  Result hopSized(Target target, int producers, int bodyBytes) throws Exception {
    List<String> queue = List.of(target.address("hop" + RUNS.incrementAndGet()));
    return run("hop-size", target, producers + " producers, 1 consumer, " + bodyBytes + " B, at-least-once", queue, queue,
        producers, false, false, 0, bodyBytes);
  }

  /**
   * {@code producers} senders, each round-robin over {@code streams} addresses, and a consumer on
   * each, at least once: work a manifold can spread over its event loops.
   */
  Result hopOver(Target target, int producers, int streams) throws Exception {
    String config = producers + " producers, " + streams + " streams, a consumer each, at-least-once";
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      queues.add(target.address("hop" + RUNS.incrementAndGet()));
    }
    return run("hop-streams", target, config, queues, queues, producers, false, false, 0);
  }

  /** One producer over {@code topics} addresses, each with {@code subscribers} consumers getting all of it. */
  Result fanOutOver(Target target, int topics, int subscribers) throws Exception {
    List<String> sendTo = new ArrayList<>();
    List<String> receiveFrom = new ArrayList<>();
    for (int i = 0; i < topics; i++) {
      String topic = target.multicastAddress("fan" + RUNS.incrementAndGet());
      sendTo.add(topic);
      receiveFrom.addAll(Collections.nCopies(subscribers, topic));
    }
    return run("fan-out-streams", target, "1 producer, " + topics + " streams, " + subscribers
        + " subscribers each getting all, at-least-once", sendTo, receiveFrom, 1, false, false, 0);
  }

  /** One producer to one address and {@code subscribers} consumers, each getting every message. */
  Result fanOut(Target target, int subscribers) throws Exception {
    String topic = target.multicastAddress("fan" + RUNS.incrementAndGet());
    return run("fan-out", target, "1 producer, " + subscribers + " subscribers each getting all, at-least-once",
        List.of(topic), Collections.nCopies(subscribers, topic), 1, false, false, 0);
  }

  /** One producer at {@code rate} messages a second, one consumer: how long each message takes. */
  Result latency(Target target, int rate) throws Exception {
    List<String> queue = List.of(target.address("latency" + RUNS.incrementAndGet()));
    return run("latency", target, rate + " msgs/s offered, at-least-once", queue, queue, 1, false, false, rate);
  }

  /**
   * Producers round-robin over {@code sendTo}, a consumer on each of {@code receiveFrom}; every
   * accepted message must reach each consumer of its address once (so a topic's count is multiplied).
   */
  private Result run(String workload, Target target, String config, List<String> sendTo, List<String> receiveFrom,
      int producerCount, boolean presettled, boolean durable, int rate) throws Exception {
    return run(workload, target, config, sendTo, receiveFrom, producerCount, presettled, durable, rate, Probe.BODY_BYTES);
  }

  private Result run(String workload, Target target, String config, List<String> sendTo, List<String> receiveFrom,
      int producerCount, boolean presettled, boolean durable, int rate, int bodyBytes) throws Exception {
    try (Measurement measurement = new Measurement(target.server(), warmup, window)) {
      Consumers consumers = new Consumers(vertx, target, receiveFrom, presettled);
      Producers producers = new Producers(vertx, target, producerCount, sendTo, presettled, durable, rate, bodyBytes);
      double throughput = measurement.measure(consumers::received, consumers::resetLatency);
      producers.stop();
      long copies = receiveFrom.size() / sendTo.size();
      Measurement.drain(producers::allSettled, consumers::distinct, () -> producers.accepted() * copies);
      Histogram latency = consumers.latency();
      long expected = producers.accepted() * copies;
      return new Result(workload, target.name(), config, throughput,
          Measurement.percentile(latency, 50), Measurement.percentile(latency, 99),
          Measurement.percentile(latency, 99.9), producers.sent(), consumers.received(),
          Math.max(0, expected - consumers.distinct()), consumers.duplicates(), measurement.serverCores(),
          measurement.peakResident(), "");
    }
  }
}
