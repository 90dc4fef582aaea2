package dev.barker.bench;

import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Receivers on a target, one connection each (spread over the event loops): they count what
 * arrives, record one-way latency, and note every probe seen so loss and duplicates can be told.
 */
final class Consumers {

  private final List<One> consumers = new ArrayList<>();

  /** One receiver per address in {@code addresses}, attached before this returns. */
  Consumers(Vertx vertx, Target target, List<String> addresses, boolean presettled) throws Exception {
    AmqpClient client = new AmqpClient(vertx, new EngineOptions());
    List<Future<?>> attached = new ArrayList<>();
    for (String address : addresses) {
      One consumer = new One();
      consumers.add(consumer);
      attached.add(ClientLoops.onNextLoop(vertx, () -> client.connect(target.host(), target.port(address))
          .compose(connection -> {
            AmqpReceiver receiver = connection.createReceiver(address);
            if (presettled) {
              receiver.presettled();
            } else {
              receiver.unsettled(); // at least once: every delivery acknowledged, by either target
            }
            receiver.handler(consumer::onDelivery).window(1_000);
            receiver.open();
            return receiver.opened();
          })));
    }
    Future.all(attached).await(30, TimeUnit.SECONDS);
  }

  /** Messages received so far, all consumers together. */
  long received() {
    return consumers.stream().mapToLong(one -> one.received.get()).sum();
  }

  /** Forgets the latencies recorded so far (after the warm-up). */
  void resetLatency() {
    consumers.forEach(one -> one.resetLatency = true);
  }

  /** Latencies of all consumers, merged. */
  Histogram latency() {
    Histogram merged = new Histogram(3_600_000_000L, 3);
    consumers.forEach(one -> merged.add(one.latency));
    return merged;
  }

  /** Distinct probes seen, summed over the consumers. */
  long distinct() {
    return consumers.stream().mapToLong(one -> one.distinct.get()).sum();
  }

  /** Probes seen more than once by the same consumer. */
  long duplicates() {
    return consumers.stream().mapToLong(one -> one.duplicates).sum();
  }

  private static final class One {
    final AtomicLong received = new AtomicLong();
    final AtomicLong distinct = new AtomicLong();
    final Histogram latency = new Histogram(3_600_000_000L, 3);
    final Map<Long, BitSet> seen = new HashMap<>();
    volatile boolean resetLatency;
    volatile long duplicates;

    void onDelivery(Delivery delivery) {
      long[] probe = Probe.read(delivery.bytes());
      if (resetLatency) {
        latency.reset();
        resetLatency = false;
      }
      latency.recordValue(Math.max(0, (System.nanoTime() - probe[0]) / 1_000));
      BitSet producer = seen.computeIfAbsent(probe[1], p -> new BitSet());
      if (producer.get((int) probe[2])) {
        duplicates++;
      } else {
        producer.set((int) probe[2]);
        distinct.incrementAndGet();
      }
      received.incrementAndGet();
      delivery.accept();
    }

  }
}
