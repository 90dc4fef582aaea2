package dev.barker.bench;

import dev.barker.bizlogic.Bizlogic;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.launch.Child;
import dev.barker.manifold.Address;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Receiver;
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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;

/**
 * The Barker pipeline: barks from random users into the outbox, bizlogic fanning them out by the
 * demo's follower graph, the inbox manifold, and a subscriber on every inbox. Either all of it in
 * this JVM, or as {@code barker launch} deploys it, every service a process of its own. Barks in
 * per second, deliveries out per second, end-to-end latency, and whether every accepted bark
 * reached every inbox it should, once.
 */
final class PipelineWorkload {

  /** The end-to-end p99 a sustained rate must keep under. */
  static final long P99_LIMIT_MICROS = 50_000;
  /** Rates tried as processes, as shares of what the pipeline takes flat out, the highest first. */
  private static final double[] SHARES = {1.0, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1};

  private final Duration warmup;
  private final Duration window;
  private final Duration firstWarmup;

  /**
   * Each trial warms up for {@code warmup} and measures for {@code window}; services started afresh
   * first bark flat out for {@code firstWarmup}, measuring nothing: services in processes started
   * just now would otherwise spend the first trial compiling (C2 took a third of an outbox's CPU
   * after a 2 s warm-up), and the one-JVM pipeline gets the same for a fair comparison.
   */
  PipelineWorkload(Duration warmup, Duration window, Duration firstWarmup) {
    this.warmup = warmup;
    this.window = window;
    this.firstWarmup = firstWarmup;
  }

  /** Barks at {@code rate} per second (0: as fast as the outbox takes them), every service in this JVM. */
  Result run(int rate) throws Exception {
    return run(rate, Users.generate());
  }

  /** The same with {@code users} (written to the data directory bizlogic reads). */
  Result run(int rate, Users users) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Path data = Files.createTempDirectory("bench-pipeline");
      Files.writeString(data.resolve(UsersFile.NAME), users.toJson().encode());
      Address directory = Directory.start(vertx, new ServiceOptions(0)).await(30, TimeUnit.SECONDS).address();
      Manifold.start(vertx, new ManifoldOptions(directory.withPath(Mailboxes.INBOX).toString()).history(25))
          .compose(Manifold::registered).await(30, TimeUnit.SECONDS);
      Manifold.start(vertx, new ManifoldOptions(directory.withPath(Mailboxes.OUTBOX).toString())
          .push(directory.withPath(Mailboxes.BIZLOGIC).toString())).compose(Manifold::registered).await(30, TimeUnit.SECONDS);
      BizlogicOptions bizlogic = new BizlogicOptions();
      bizlogic.service().port(0);
      bizlogic.barker().directory(directory).data(data);
      Bizlogic.start(vertx, bizlogic).compose(Bizlogic::registered).await(30, TimeUnit.SECONDS);

      Clients clients = new Clients(vertx, directory, users);
      clients.warmUp(firstWarmup);
      Trial trial = clients.trial(ServerProcess.of(ProcessHandle.current().pid()), rate);
      return trial.result("barker (1 JVM)", (rate == 0 ? "as fast as it goes" : rate + " barks/s offered")
          + ", " + users.names().size() + " users", clients, "");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The topology of {@code barker launch} (directory, inbox, three outboxes, bizlogic), each service
   * a process of its own with the heap and message size limit the launch gives it and the full
   * JIT, the clients in this one: flat out first, then lower rates until one is sustained (barks
   * accepted as offered) with p99 end to end under {@link #P99_LIMIT_MICROS}.
   */
  Result runAsProcesses() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<Child> children = new ArrayList<>();
    try {
      Path data = Files.createTempDirectory("bench-pipeline");
      Users users = UsersFile.loadOrCreate(data);
      Address directory = Address.parse(start(children, "directory", "64m", "directory", "--port", "0").ready().address());
      String barkSize = String.valueOf(Bark.MAX_MESSAGE_SIZE);
      start(children, "inbox", "256m", "manifold", directory.withPath(Mailboxes.INBOX).toString(), "--port", "0",
          "--history", "25", "--max-message-size", barkSize);
      for (int i = 0; i < 3; i++) {
        start(children, "outbox-" + i, "256m", "manifold", directory.withPath(Mailboxes.OUTBOX).toString(), "--port", "0",
            "--push", directory.withPath(Mailboxes.BIZLOGIC).toString(), "--max-message-size", barkSize);
      }
      start(children, "bizlogic", "128m", "bizlogic", "--port", "0", "--directory", directory.toString(),
          "--data", data.toString(), "--max-message-size", barkSize);
      ServerProcess servers = ServerProcess.of(children.stream().mapToLong(Child::pid).toArray());

      Clients clients = new Clients(vertx, directory, users);
      clients.warmUp(firstWarmup);
      double[] cpuBefore = children.stream().mapToDouble(child -> ServerProcess.of(child.pid()).cpuSeconds()).toArray();
      long flatOutStart = System.nanoTime();
      Trial flatOut = clients.trial(servers, 0);
      double flatOutSeconds = (System.nanoTime() - flatOutStart) / 1e9;
      List<String> byProcess = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        double cores = (ServerProcess.of(children.get(i).pid()).cpuSeconds() - cpuBefore[i]) / flatOutSeconds;
        byProcess.add(String.format(Locale.ROOT, "%s %.2f", children.get(i).name(), cores));
      }
      List<String> tried = new ArrayList<>(List.of(flatOut.summary() + " (cores: " + String.join(", ", byProcess) + ")"));
      Trial sustained = null;
      for (int i = 0; i < SHARES.length && sustained == null; i++) {
        int rate = (int) Math.max(100, Math.round(flatOut.barksIn() * SHARES[i] / 100) * 100);
        Trial trial = clients.trial(servers, rate);
        tried.add(trial.summary());
        sustained = trial.barksIn() >= 0.95 * rate && trial.p99Micros() < P99_LIMIT_MICROS ? trial : null;
      }
      Trial reported = sustained == null ? flatOut : sustained;
      return reported.result("barker (" + children.size() + " JVMs)", "highest rate with p99 under "
          + P99_LIMIT_MICROS / 1000 + " ms, " + users.names().size() + " users", clients,
          (sustained == null ? "no rate tried was sustained; " : "") + "tried " + String.join(", ", tried));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      for (int i = children.size() - 1; i >= 0; i--) { // the directory last, so that no service is left without it
        children.get(i).stop(5);
      }
    }
  }

  private static BenchService start(List<Child> children, String name, String heap, String... args) throws Exception {
    BenchService service = BenchService.start(name, heap, List.of(args));
    children.add(service.child());
    return service;
  }

  /** The clients of every trial: a subscriber on every inbox, and what has been barked so far. */
  private final class Clients {
    final Vertx vertx;
    final Linker linker;
    final Address directory;
    final Users users;
    final Inboxes inboxes;
    final AtomicLong expected = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    volatile long nextSeq; // barks sent so far: written on the linker's context, read by the drain

    Clients(Vertx vertx, Address directory, Users users) {
      this.vertx = vertx;
      this.linker = new Linker(vertx);
      this.directory = directory;
      this.users = users;
      this.inboxes = new Inboxes(new Linker(vertx), directory, users);
    }

    /** Waits until every bark sent has its outcome and every inbox what it is owed (or it stops coming). */
    private void drain() throws InterruptedException {
      Measurement.drain(() -> accepted.get() == nextSeq, inboxes.distinct::get, expected::get);
    }

    /** Barks flat out for {@code duration}, measuring nothing, then lets it drain. */
    void warmUp(Duration duration) throws Exception {
      inboxes.awaitLinked();
      Barking barking = new Barking(this, 0);
      Thread.sleep(duration.toMillis()); // the benchmark's own clock
      barking.stop();
      drain();
    }

    /** Barks at {@code rate} (0: flat out) for a warm-up and a window, then lets it drain. */
    Trial trial(ServerProcess servers, int rate) throws Exception {
      try (Measurement measurement = new Measurement(servers, warmup, window)) {
        Barking barking = new Barking(this, rate);
        double delivered = measurement.measure(inboxes.delivered::get, () -> {
          inboxes.resetLatency = true;
          barking.markWindow();
        });
        double barksIn = barking.acceptedInWindow() * 1e9 / window.toNanos();
        barking.stop();
        drain();
        return new Trial(rate, barksIn, delivered, inboxes.latency(), measurement.serverCores(), measurement.peakResident());
      }
    }
  }

  /** One rate's run: barks in and deliveries out per second, latency, the servers' cores and memory. */
  private record Trial(int rate, double barksIn, double delivered, Histogram latency, double cores, long peakResident) {

    long p99Micros() {
      return Measurement.percentile(latency, 99);
    }

    String summary() {
      return String.format(Locale.ROOT, "%s: %.0f in, p99 %.1f ms", rate == 0 ? "flat out" : rate + "/s", barksIn,
          p99Micros() / 1000.0);
    }

    Result result(String target, String config, Clients clients, String note) {
      long expected = clients.expected.get();
      long distinct = clients.inboxes.distinct.get();
      return new Result("pipeline", target, config, delivered, Measurement.percentile(latency, 50), p99Micros(),
          Measurement.percentile(latency, 99.9), clients.accepted.get(), distinct, Math.max(0, expected - distinct),
          clients.inboxes.duplicates.get(), cores, peakResident, String.format(Locale.ROOT,
              "%.0f barks/s in, %.0f deliveries/s out%s", barksIn, delivered, note.isEmpty() ? "" : "; " + note));
    }
  }

  /** A subscriber on every inbox, noting (bark, user) pairs and latency. */
  private static final class Inboxes {
    static final int LINK_LIMIT_SECONDS = 60;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong distinct = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final Histogram latency = new Histogram(3_600_000_000L, 3);
    final Linker linker;
    final List<Receiver> receivers = new ArrayList<>();
    volatile boolean resetLatency;

    Inboxes(Linker linker, Address directory, Users users) {
      this.linker = linker;
      for (String user : users.names()) {
        BitSet barks = new BitSet();
        receivers.add(linker.receiver(Mailboxes.inbox(directory, user), delivery -> {
          List<?> body = (List<?>) ((AmqpValue) delivery.message().getBody()).getValue();
          String[] id = ((String) body.get(2)).split("-");
          record(barks, Integer.parseInt(id[2]), Long.parseLong(id[1]));
          delivery.accept();
        }));
      }
    }

    /**
     * Waits until every inbox has its subscriber (10,003 take 2.5 s): one attaching after its inbox
     * got more barks than the inbox's history keeps would miss the older ones.
     */
    void awaitLinked() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINK_LIMIT_SECONDS);
      long unlinked = unlinked();
      while (unlinked > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        unlinked = unlinked();
      }
      if (unlinked > 0) {
        throw new IllegalStateException(unlinked + " of " + receivers.size() + " inbox subscribers not linked after "
            + LINK_LIMIT_SECONDS + " s");
      }
    }

    private long unlinked() throws InterruptedException {
      CompletableFuture<Long> count = new CompletableFuture<>();
      linker.execute(() -> count.complete(receivers.stream().filter(receiver -> !receiver.isLinked()).count()));
      try {
        return count.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the linker did not answer", e);
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
    final Vertx vertx;
    final long timer;
    volatile long acceptedAtWindow;
    volatile boolean stopped;

    Barking(Clients clients, int rate) {
      this.vertx = clients.vertx;
      List<String> authors = new ArrayList<>(clients.users.autobarkers());
      long start = System.nanoTime();
      long first = clients.nextSeq;
      Linker linker = clients.linker;
      timer = vertx.setPeriodic(1, id -> linker.execute(() -> {
        long due = first + rate * (System.nanoTime() - start) / 1_000_000_000L;
        while (!stopped && (rate == 0 ? clients.expected.get() - clients.inboxes.distinct.get() < DELIVERIES_IN_FLIGHT
            : clients.nextSeq < due)) {
          String author = authors.get(ThreadLocalRandom.current().nextInt(authors.size()));
          Sender outbox = linker.sender(Mailboxes.outbox(clients.directory, author));
          long seq = clients.nextSeq++;
          Bark bark = new Bark(author, "woof @" + authors.get((int) (seq % authors.size())), "bench-" + System.nanoTime() + "-" + seq);
          clients.expected.addAndGet(clients.users.audience(bark).size());
          outbox.send(bark.toMessage()).onSuccess(v -> {
            accepted.incrementAndGet();
            clients.accepted.incrementAndGet();
          });
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
