package dev.barker.bench;

import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.qpid.proton.amqp.messaging.Accepted;

/**
 * Senders on a target, one connection per producer (spread over the event loops): each sends
 * probes round-robin over its addresses, either as fast as credit allows or at a fixed rate,
 * presettled or waiting for outcomes, until stopped. Where the target serves the addresses on
 * several ports (a manifold on several event loops), each producer has a connection, and a
 * sender of its own, per port.
 */
final class Producers {

  private final Vertx vertx;
  private final List<One> producers = new ArrayList<>();
  private volatile boolean stopped;

  /**
   * {@code count} producers sending to {@code addresses} (each producer over all of them);
   * {@code ratePerSecond} 0 means as fast as credit allows.
   */
  Producers(Vertx vertx, Target target, int count, List<String> addresses, boolean presettled, boolean durable,
      int ratePerSecond) throws Exception {
    this(vertx, target, count, addresses, presettled, durable, ratePerSecond, Probe.BODY_BYTES);
  }

  /** The same, with bodies of {@code bodyBytes}. */
  Producers(Vertx vertx, Target target, int count, List<String> addresses, boolean presettled, boolean durable,
      int ratePerSecond, int bodyBytes) throws Exception {
    this.vertx = vertx;
    AmqpClient client = new AmqpClient(vertx, new EngineOptions());
    List<Map.Entry<Integer, List<String>>> byPort = List.copyOf(addresses.stream()
        .collect(Collectors.groupingBy(target::port, LinkedHashMap::new, Collectors.toList())).entrySet());
    List<Future<?>> started = new ArrayList<>();
    for (int id = 0; id < count * byPort.size(); id++) {
      One producer = new One(id, new Probe(durable, bodyBytes), presettled, ratePerSecond / Math.max(1, count * byPort.size()));
      producers.add(producer);
      Map.Entry<Integer, List<String>> port = byPort.get(id % byPort.size());
      started.add(ClientLoops.onNextLoop(vertx, () -> client.connect(target.host(), port.getKey())
          .compose(connection -> producer.start(connection, port.getValue()))));
    }
    Future.all(started).await(30, TimeUnit.SECONDS);
  }

  /** Probes sent so far. */
  long sent() {
    return producers.stream().mapToLong(one -> one.sent.get()).sum();
  }

  /** Probes the target accepted so far (all sent, when presettled). */
  long accepted() {
    return producers.stream().mapToLong(one -> one.presettled ? one.sent.get() : one.accepted.get()).sum();
  }

  /** True when every probe sent so far has its outcome (accepted or not). */
  boolean allSettled() {
    return producers.stream().allMatch(one -> one.presettled || one.accepted.get() + one.refused.get() == one.sent.get());
  }

  /** Stops sending. */
  void stop() {
    stopped = true;
  }

  private final class One {
    final long id;
    final Probe probe;
    final boolean presettled;
    final int ratePerSecond;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final List<AmqpSender> senders = new ArrayList<>();
    long next;
    long startedNanos;

    One(long id, Probe probe, boolean presettled, int ratePerSecond) {
      this.id = id;
      this.probe = probe;
      this.presettled = presettled;
      this.ratePerSecond = ratePerSecond;
    }

    Future<?> start(AmqpConnection connection, List<String> addresses) {
      List<Future<?>> opened = new ArrayList<>();
      for (String address : addresses) {
        AmqpSender sender = connection.createSender(address);
        if (presettled) {
          sender.presettled();
        }
        senders.add(sender);
        opened.add(sender.opened());
        sender.open();
      }
      return Future.all(opened).onSuccess(v -> {
        startedNanos = System.nanoTime();
        if (ratePerSecond > 0) {
          vertx.setPeriodic(1, timer -> {
            if (stopped) {
              vertx.cancelTimer(timer);
            } else {
              long due = ratePerSecond * (System.nanoTime() - startedNanos) / 1_000_000_000L;
              pump(due);
            }
          });
        } else {
          senders.forEach(sender -> sender.sendableHandler(s -> pump(Long.MAX_VALUE)));
          pump(Long.MAX_VALUE);
        }
      });
    }

    /** Sends while credit lasts, up to {@code due} probes in all, round-robin over the senders. */
    void pump(long due) {
      while (!stopped && next < due) {
        AmqpSender sender = senders.get((int) (next % senders.size()));
        if (!sender.isSendable()) {
          return;
        }
        byte[] message = probe.next(id, next++);
        sent.incrementAndGet();
        if (presettled) {
          sender.sendPresettled(message);
        } else {
          sender.send(message, outcome -> {
            if (outcome instanceof Accepted) {
              accepted.incrementAndGet();
            } else {
              refused.incrementAndGet();
            }
          });
        }
      }
    }
  }
}
