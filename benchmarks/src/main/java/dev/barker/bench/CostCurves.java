package dev.barker.bench;

import dev.barker.launch.Child;
import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Users;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How cost grows, measured: a manifold's heap and RSS against idle streams, hop throughput
 * against message size, pipeline barks/s against users, directory lookups/s against routes.
 * Each curve is printed, written as a CSV and drawn as a PNG ({@link Plot}) in the output
 * directory.
 */
final class CostCurves {

  /** Links attached at once per connection while making streams or asking for routes. */
  private static final int IN_FLIGHT = 500;
  private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

  private final Vertx vertx;
  private final Workloads workloads;
  private final PipelineWorkload pipeline;
  private final Path out;
  private final Consumer<Result> report;

  /** Curves measured with {@code workloads} and {@code pipeline}, drawn into {@code out}; each run's result to {@code report}. */
  CostCurves(Vertx vertx, Workloads workloads, PipelineWorkload pipeline, Path out, Consumer<Result> report) {
    this.vertx = vertx;
    this.report = report;
    this.workloads = workloads;
    this.pipeline = pipeline;
    this.out = out;
  }

  /**
   * A manifold with history 25 (its own process, 4 GiB heap cap), given {@code counts} streams
   * each (a producer attaches to each sub-address and leaves, so the stream stays, empty, for its
   * grace period); heap used after a full GC, and RSS, at each count.
   */
  void idleStreams(int... counts) throws Exception {
    List<double[]> rows = new ArrayList<>();
    for (int count : counts) {
      try (Server server = Server.manifold("--history", "25", "--max-streams", String.valueOf(2 * count),
          "--max-memory", "3g")) {
        long heapBefore = server.heapUsedAfterGc();
        AmqpClient client = new AmqpClient(vertx, new EngineOptions());
        List<Future<Long>> made = new ArrayList<>();
        int connections = 4;
        for (int c = 0; c < connections; c++) {
          int first = c;
          made.add(client.connect("127.0.0.1", server.port).compose(connection -> attachEach(connection,
              i -> server.address("/streams/s" + (first + (long) i * connections)), count / connections,
              link -> true)));
        }
        Future.all(made).await(10, TimeUnit.MINUTES);
        long heap = server.heapUsedAfterGc() - heapBefore;
        long rss = server.process.residentBytes();
        rows.add(new double[] {count, heap / 1048576.0, rss / 1048576.0, (double) heap / count});
        System.out.printf(Locale.ROOT, "curve idle-streams: %,d streams, heap +%,d MiB (%,d bytes a stream), RSS %,d MiB%n",
            count, heap >> 20, heap / count, rss >> 20);
      }
    }
    Plot.of("idle-streams", "A manifold's memory against idle streams (history 25, empty)", "streams", "MiB",
        List.of("heap used after GC", "RSS"), rows).logX().drawIn(out);
  }

  /** The at-least-once hop (two producers, one consumer) with bodies of each of {@code sizes} bytes. */
  void hopBySize(int... sizes) throws Exception {
    List<double[]> rows = new ArrayList<>();
    for (int size : sizes) {
      try (Target manifold = ManifoldTarget.inMemory()) {
        Result result = workloads.hopSized(manifold, 2, size);
        report.accept(result);
        rows.add(new double[] {size, result.messagesPerSecond() / 1000, result.messagesPerSecond() * size / 1048576.0});
      }
    }
    Plot.of("hop-size", "Hop throughput against message size (at-least-once)", "body bytes", "",
        List.of("thousand msgs/s", "MiB/s of bodies"), rows).logX().drawIn(out);
  }

  /** The pipeline in one JVM, flat out, with each of {@code autobarkers} users (and the three humans). */
  void pipelineByUsers(int... autobarkers) throws Exception {
    List<double[]> rows = new ArrayList<>();
    for (int count : autobarkers) {
      Users users = Users.generate(count);
      Result result = pipeline.run(0, users);
      report.accept(result);
      double barksIn = Double.parseDouble(result.note().split(" ", 2)[0]);
      rows.add(new double[] {users.names().size(), barksIn, result.messagesPerSecond() / 1000});
    }
    Plot.of("pipeline-users", "The pipeline (one JVM, flat out) against users", "users", "",
        List.of("barks/s in", "thousand deliveries/s out"), rows).logX().drawIn(out);
  }

  /**
   * A directory (its own process) holding each of {@code counts} routes; links attached to random
   * ones, each answered with a redirect: lookups per second over a window.
   */
  void directoryByRoutes(int... counts) throws Exception {
    List<double[]> rows = new ArrayList<>();
    int registered = 0;
    try (Server directory = Server.directory("--max-routes", String.valueOf(counts[counts.length - 1]))) {
      Linker linker = new Linker(vertx);
      Tether tether = new Tether(linker, directory.address(Address.DIRECTORY_PATH));
      for (int count : counts) {
        List<Future<Void>> routed = new ArrayList<>();
        for (; registered < count; registered++) {
          routed.add(tether.route(new Route(directory.address("/routes/r" + registered).toString(),
              RouteTarget.of("127.0.0.1", 1 + registered % 65535), "bench", "ordered")));
        }
        Future.all(routed).await(5, TimeUnit.MINUTES);
        if (rows.isEmpty()) {
          lookups(directory, count); // warms the directory's JIT up, so that the first point is not its warm-up
        }
        double perSecond = lookups(directory, count);
        rows.add(new double[] {count, perSecond});
        System.out.printf(Locale.ROOT, "curve directory-routes: %,d routes, %,.0f lookups/s%n", count, perSecond);
      }
      tether.close().await(30, TimeUnit.SECONDS);
      linker.close().await(30, TimeUnit.SECONDS);
    }
    Plot.of("directory-routes", "Directory lookups (link redirects) against routes", "routes", "lookups/s",
        List.of("lookups/s"), rows).logX().drawIn(out);
  }

  /** Redirects per second over 3 s, after 1 s of warm-up, from two connections asking for random routes of {@code count}. */
  private double lookups(Server directory, int count) throws Exception {
    AmqpClient client = new AmqpClient(vertx, new EngineOptions());
    AtomicLong answered = new AtomicLong();
    Promise<Void> stop = Promise.promise();
    List<Future<Long>> asking = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      asking.add(client.connect("127.0.0.1", directory.port).compose(connection -> attachEach(connection,
          i -> directory.address("/routes/r" + (i * 7919L % count)), Integer.MAX_VALUE,
          link -> {
            answered.incrementAndGet();
            return !stop.future().isComplete();
          })));
    }
    Thread.sleep(1_000); // the benchmark's own clock: warm-up, then a fixed window
    long before = answered.get();
    long start = System.nanoTime();
    Thread.sleep(3_000);
    double perSecond = (answered.get() - before) * 1e9 / (System.nanoTime() - start);
    stop.complete();
    Future.all(asking).await(30, TimeUnit.SECONDS);
    return perSecond;
  }

  /**
   * Attaches senders to {@code address.apply(0..count-1)} on {@code connection}, {@link #IN_FLIGHT}
   * at a time, closing each once the peer answered (attached it, or refused or redirected it);
   * stops early when {@code goOn} says so. The future holds how many were answered.
   */
  private static Future<Long> attachEach(AmqpConnection connection, Function<Integer, Address> address, int count,
      Function<AmqpLink<?>, Boolean> goOn) {
    Promise<Long> done = Promise.promise();
    long[] state = {0, 0, 0}; // next, in flight, answered
    boolean[] stopped = {false};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (!stopped[0] && state[1] < IN_FLIGHT && state[0] < count) {
        var sender = connection.createSender(address.apply((int) state[0]++).toString());
        state[1]++;
        sender.opened().onComplete(result -> {
          if (result.succeeded()) {
            sender.close();
          }
          state[1]--;
          state[2]++;
          stopped[0] |= !goOn.apply(sender);
          if (state[1] == 0 && (stopped[0] || state[0] == count)) {
            connection.close();
            done.complete(state[2]);
          } else {
            pump[0].run();
          }
        });
        sender.open();
      }
    };
    pump[0].run();
    return done.future();
  }

  /** A service of ours in its own process, with what the curves read of it. */
  private static class Server implements AutoCloseable {
    final Child child;
    final int port;
    final Address directory;
    final ServerProcess process;

    private Server(BenchService service, Address directory) {
      this.child = service.child();
      this.port = service.ready().port();
      this.directory = directory == null ? Address.of("127.0.0.1", port, Address.DIRECTORY_PATH) : directory;
      this.process = ServerProcess.of(child.pid());
    }

    /** A directory with {@code args}. */
    static Server directory(String... args) throws Exception {
      List<String> line = new ArrayList<>(List.of("directory", "--port", "0"));
      line.addAll(List.of(args));
      return new Server(BenchService.start("directory", "1g", line), null);
    }

    /** A manifold serving /streams with {@code args}, and a directory of its own (stopped with it). */
    static Server manifold(String... args) throws Exception {
      Server own = directory();
      List<String> line = new ArrayList<>(List.of("manifold", own.address("/streams").toString(), "--port", "0"));
      line.addAll(List.of(args));
      return new Server(BenchService.start("manifold", "4g", line), own.directory) {
        @Override
        public void close() throws Exception {
          super.close();
          own.close();
        }
      };
    }

    Address address(String path) {
      return directory.withPath(path);
    }

    /** Heap used after a full collection, as {@code jcmd} reports it (every generation's "used"). */
    long heapUsedAfterGc() throws IOException, InterruptedException {
      run("GC.run");
      Matcher used = USED.matcher(run("GC.heap_info"));
      long kib = 0;
      while (used.find()) {
        kib += Long.parseLong(used.group(1));
      }
      return kib * 1024;
    }

    private String run(String command) throws IOException, InterruptedException {
      Path jcmd = Path.of(Child.javaBinary()).resolveSibling("jcmd");
      Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(child.pid()), command)
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("jcmd " + command + " failed: " + output);
      }
      return output;
    }

    @Override
    public void close() throws Exception {
      child.stop(10);
    }
  }
}
