package dev.barker.bench;

import dev.barker.bizlogic.Bizlogic;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.Address;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Sender;
import dev.barker.manifold.node.Directory;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.Bark;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;

/**
 * The Barker pipeline, all of it in this JVM: barks from random users into an outbox manifold,
 * bizlogic fanning them out by the demo's follower graph, the inbox manifold, and a subscriber on
 * every inbox. Barks in per second, deliveries out per second, end-to-end latency, and whether
 * every accepted bark reached every inbox it should, once.
 */
final class PipelineWorkload {

  private final Duration warmup;
  private final Duration window;

  PipelineWorkload(Duration warmup, Duration window) {
    this.warmup = warmup;
    this.window = window;
  }

  /** Barks at {@code rate} per second (0: as fast as the outbox takes them). */
  Result run(int rate) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Measurement measurement = Measurement.inThisProcess(warmup, window)) {
      Path data = Files.createTempDirectory("bench-pipeline");
      Users users = UsersFile.loadOrCreate(data);
      Address directory = Directory.start(vertx, new ServiceOptions(0)).await(30, TimeUnit.SECONDS).address();
      Manifold.start(vertx, new ManifoldOptions(directory.withPath(Mailboxes.INBOX).toString()).history(25))
          .compose(Manifold::registered).await(30, TimeUnit.SECONDS);
      Manifold.start(vertx, new ManifoldOptions(directory.withPath(Mailboxes.OUTBOX).toString())
          .push(directory.withPath(Mailboxes.BIZLOGIC).toString())).compose(Manifold::registered).await(30, TimeUnit.SECONDS);
      BizlogicOptions bizlogic = new BizlogicOptions();
      bizlogic.service().port(0);
      bizlogic.barker().directory(directory).data(data);
      Bizlogic.start(vertx, bizlogic).compose(Bizlogic::registered).await(30, TimeUnit.SECONDS);

      Inboxes inboxes = new Inboxes(new Linker(vertx), directory, users);
      Barking barking = new Barking(vertx, new Linker(vertx), directory, users, rate, inboxes.distinct);
      double delivered = measurement.measure(inboxes.delivered::get, () -> {
        inboxes.resetLatency = true;
        barking.markWindow();
      });
      double barksIn = barking.acceptedInWindow() * 1e9 / window.toNanos();
      barking.stop();
      Measurement.drain(inboxes.distinct::get, barking.expected::get);
      Histogram latency = inboxes.latency();
      long expected = barking.expected.get();
      return new Result("pipeline", "barker (1 JVM)", (rate == 0 ? "as fast as it goes" : rate + " barks/s offered")
              + ", " + users.names().size() + " users", delivered,
          Measurement.percentile(latency, 50), Measurement.percentile(latency, 99), Measurement.percentile(latency, 99.9),
          barking.accepted.get(), inboxes.distinct.get(), Math.max(0, expected - inboxes.distinct.get()),
          inboxes.duplicates.get(), measurement.serverCores(), measurement.peakResident(),
          String.format("%.0f barks/s in, %.0f deliveries/s out", barksIn, delivered));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A subscriber on every inbox, noting (bark, user) pairs and latency. */
  private static final class Inboxes {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong distinct = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final Histogram latency = new Histogram(3_600_000_000L, 3);
    volatile boolean resetLatency;

    Inboxes(Linker linker, Address directory, Users users) {
      for (String user : users.names()) {
        BitSet barks = new BitSet();
        linker.receiver(Mailboxes.inbox(directory, user), delivery -> {
          List<?> body = (List<?>) ((AmqpValue) delivery.message().getBody()).getValue();
          String[] id = ((String) body.get(2)).split("-");
          record(barks, Integer.parseInt(id[2]), Long.parseLong(id[1]));
          delivery.accept();
        });
      }
    }

    synchronized void record(BitSet barks, int seq, long sentNanos) {
      if (resetLatency) {
        latency.reset();
        resetLatency = false;
      }
      delivered.incrementAndGet();
      if (barks.get(seq)) {
        duplicates.incrementAndGet();
      } else {
        barks.set(seq);
        distinct.incrementAndGet();
        latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
      }
    }

    synchronized Histogram latency() {
      return latency.copy();
    }
  }

  /**
   * Random autobarking users barking at a rate, or as fast as the pipeline takes it: then at most
   * {@link #DELIVERIES_IN_FLIGHT} deliveries are owed to inboxes at any time, so the rate is what
   * the whole pipeline sustains, not what the outbox can queue.
   */
  private static final class Barking {
    static final int DELIVERIES_IN_FLIGHT = 50_000;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong expected = new AtomicLong();
    final Vertx vertx;
    final long timer;
    volatile long acceptedAtWindow;
    volatile boolean stopped;
    long sent;

    Barking(Vertx vertx, Linker linker, Address directory, Users users, int rate, AtomicLong delivered) {
      this.vertx = vertx;
      List<String> authors = new ArrayList<>(users.autobarkers());
      long start = System.nanoTime();
      timer = vertx.setPeriodic(1, id -> linker.execute(() -> {
        long due = rate * (System.nanoTime() - start) / 1_000_000_000L;
        while (!stopped && (rate == 0 ? expected.get() - delivered.get() < DELIVERIES_IN_FLIGHT : sent < due)) {
          String author = authors.get(ThreadLocalRandom.current().nextInt(authors.size()));
          Sender outbox = linker.sender(Mailboxes.outbox(directory, author));
          Bark bark = new Bark(author, "woof @" + authors.get((int) (sent % authors.size())),
              "bench-" + System.nanoTime() + "-" + sent++);
          expected.addAndGet(users.audience(bark).size());
          outbox.send(bark.toMessage()).onSuccess(v -> accepted.incrementAndGet());
        }
      }));
    }

    void markWindow() {
      acceptedAtWindow = accepted.get();
    }

    long acceptedInWindow() {
      return accepted.get() - acceptedAtWindow;
    }

    void stop() {
      stopped = true;
      vertx.cancelTimer(timer);
    }
  }
}
