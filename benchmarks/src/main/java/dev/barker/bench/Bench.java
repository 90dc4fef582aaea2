package dev.barker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code barker bench}: every workload against our manifold and, in the same run on the same
 * machine, against ActiveMQ Artemis, each server in a process of its own and the clients in this
 * one, through the same client code, in interleaved rounds. One JSON line per result as it comes,
 * then a table and the same-round ratios. Every run is bounded in time.
 */
@Command(name = "barker bench", mixinStandardHelpOptions = true,
    description = "Measures the manifold side by side with ActiveMQ Artemis: hop, fan-out, latency, durable hop.")
public final class Bench implements Callable<Integer> {

  @Option(names = "--workloads", split = ",",
      description = "Which: hop, jms, fanout, latency, durable, cores, pipeline, failover, curves (default: all).")
  private List<String> workloads = List.of("hop", "jms", "fanout", "latency", "durable", "cores", "pipeline", "failover",
      "curves");

  @Option(names = "--plots", paramLabel = "DIR", description = "Where curves writes its CSVs and PNGs (default: ${DEFAULT-VALUE}).")
  private Path plots = Path.of("docs", "curves");

  @Option(names = "--curves", split = ",", description = "Which curves: streams, sizes, users, routes (default: all).")
  private List<String> curves = List.of("streams", "sizes", "users", "routes");

  @Option(names = "--quick", description = "One short round of everything, curves with fewer points: a check that it all "
      + "runs (about four minutes), not figures to quote.")
  private boolean quick;

  @Option(names = "--kills", description = "SIGKILLs of the active bizlogic in the failover run (default: ${DEFAULT-VALUE}).")
  private int kills = 5;

  @Option(names = "--seconds", description = "Measured window of each run (default: ${DEFAULT-VALUE}).")
  private int seconds = 5;

  /**
   * Ten seconds, because a server's JIT takes that long here: Artemis's C2 threads were busy for its
   * first ten seconds under load, and after 2 s it measured at half what it does warm.
   */
  @Option(names = "--warmup", description = "Warm-up before each window, seconds: both servers' JITs done "
      + "(default: ${DEFAULT-VALUE}).")
  private int warmupSeconds = 10;

  @Option(names = "--producers", description = "Producers in the hop (default: ${DEFAULT-VALUE}).")
  private int producers = 2;

  @Option(names = "--rounds", description = "Rounds of each run side by side, interleaved: manifold, Artemis, "
      + "manifold, ... (default: ${DEFAULT-VALUE}).")
  private int rounds = 3;

  private final List<Result> results = new ArrayList<>();

  /** Runs the benchmarks and exits. */
  public static void main(String[] args) {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN); // results only, not routes coming and going
    logging.getLogger("org.apache.activemq").setLevel(Level.ERROR);
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (quick) {
      rounds = 1;
      warmupSeconds = 1;
      seconds = 2;
      kills = 2;
    }
    Duration warmup = Duration.ofSeconds(warmupSeconds);
    Duration window = Duration.ofSeconds(seconds);
    Duration pipelineWarmup = Duration.ofSeconds(quick ? 2 : 20);
    Vertx clients = Vertx.vertx();
    Workloads ours = new Workloads(clients, warmup, window);
    JmsWorkload jms = new JmsWorkload(warmup, window);
    try {
      for (String workload : workloads) {
        switch (workload) {
          case "hop" -> sideBySide(target -> ours.hop("hop", target, producers, true, false),
              target -> ours.hop("hop", target, producers, false, false));
          case "jms" -> sideBySide(target -> jms.hop(target, producers, true, "jms-presettled"),
              target -> jms.hop(target, producers, false, "jms-acked"));
          case "fanout" -> sideBySide(target -> ours.fanOut(target, 10));
          case "latency" -> sideBySide(target -> ours.latency(target, 1_000), target -> ours.latency(target, 10_000));
          case "durable" -> durable(ours);
          case "cores" -> cores(target -> ours.hopOver(target, producers, 8), target -> ours.fanOutOver(target, 4, 5));
          case "pipeline" -> {
            PipelineWorkload pipeline = new PipelineWorkload(warmup, window, pipelineWarmup);
            report(pipeline.run(0));
            report(pipeline.run(1_000));
            report(pipeline.runAsProcesses());
          }
          case "failover" -> report(new FailoverWorkload().run(kills, 500));
          case "curves" -> curves(new CostCurves(clients, ours, new PipelineWorkload(warmup, window, pipelineWarmup), plots, this::report));
          default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown workload " + workload);
        }
      }
    } finally {
      clients.close();
    }
    System.out.println();
    System.out.println(Result.header());
    results.forEach(result -> System.out.println(result.row()));
    printRatios();
    printScaling();
    return 0;
  }

  @FunctionalInterface
  private interface Run {
    Result on(Target target) throws Exception;
  }

  /** Each run, {@code rounds} times, against a fresh in-memory manifold, then a fresh non-persistent Artemis. */
  private void sideBySide(Run... runs) throws Exception {
    for (Run run : runs) {
      for (int round = 0; round < rounds; round++) {
        try (Target manifold = ManifoldTarget.inMemory()) {
          report(run.on(manifold));
        }
        try (Target artemis = ArtemisTarget.nonPersistent()) {
          report(run.on(artemis));
        }
      }
    }
  }

  /**
   * Each run, {@code rounds} times, against a manifold on one event loop, one on two, then
   * Artemis: what a second core gives when the work spans several streams.
   */
  private void cores(Run... runs) throws Exception {
    for (Run run : runs) {
      for (int round = 0; round < rounds; round++) {
        try (Target manifold = ManifoldTarget.inMemory()) {
          report(run.on(manifold));
        }
        try (Target manifold = ManifoldTarget.inMemory(2)) {
          report(run.on(manifold));
        }
        try (Target artemis = ArtemisTarget.nonPersistent()) {
          report(run.on(artemis));
        }
      }
    }
  }

  /** The cost curves --curves names; with --quick, two points each. */
  private void curves(CostCurves curves) throws Exception {
    for (String curve : this.curves) {
      switch (curve) {
        case "streams" -> curves.idleStreams(quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000, 1_000_000});
        case "sizes" -> curves.hopBySize(quick ? new int[] {100, 65_536} : new int[] {100, 1_024, 4_096, 16_384, 65_536});
        case "users" -> curves.pipelineByUsers(quick ? new int[] {100, 1_000} : new int[] {100, 1_000, 10_000});
        // the directory checks its per-connection route limit by counting that connection's routes:
        // registering n routes from one connection costs n squared, so 30,000 and not 100,000 here
        case "routes" -> curves.directoryByRoutes(quick ? new int[] {100, 10_000} : new int[] {100, 1_000, 10_000, 100_000});
        default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown curve " + curve);
      }
    }
  }

  private void durable(Workloads ours) throws Exception {
    for (int round = 0; round < rounds; round++) {
      try (Target manifold = ManifoldTarget.durable()) {
        report(ours.hop("durable", manifold, producers, false, true));
      }
      try (Target manifold = ManifoldTarget.redis()) {
        report(ours.hop("durable", manifold, producers, false, true));
      }
      try (Target artemis = ArtemisTarget.persistent()) {
        report(ours.hop("durable", artemis, producers, false, true));
      }
    }
  }

  /**
   * Manifold over Artemis for every run made against both, each manifold result with the Artemis
   * result after it (the same round): the median over the rounds and their range, of msgs/s, of
   * msgs per server CPU-second, and of p99 latency at a fixed offered rate.
   */
  private void printRatios() {
    System.out.println();
    Map<String, List<Result[]>> pairs = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      Result ours = results.get(i);
      if (ours.target().startsWith("manifold")) {
        results.subList(i + 1, results.size()).stream()
            .filter(theirs -> theirs.target().startsWith("artemis") && theirs.workload().equals(ours.workload())
                && theirs.config().equals(ours.config()))
            .findFirst()
            .ifPresent(theirs -> pairs.computeIfAbsent(ours.workload() + "|" + ours.target() + "|" + ours.config(),
                key -> new ArrayList<>()).add(new Result[] {ours, theirs}));
      }
    }
    pairs.forEach((key, runs) -> {
      String[] what = key.split("\\|", 3);
      boolean latency = what[0].equals("latency"); // elsewhere latency is how deep a queue grew, not a speed
      System.out.printf(Locale.ROOT, "%-15s %-62s %s/artemis over %d rounds: msgs/s %s, msgs per CPU-s %s%s%n",
          what[0], what[2], what[1], runs.size(), spread(runs, pair -> pair[0].messagesPerSecond() / pair[1].messagesPerSecond()),
          spread(runs, pair -> pair[0].messagesPerCpuSecond() / pair[1].messagesPerCpuSecond()),
          latency ? ", p99 latency " + spread(runs, pair -> (double) pair[0].p99Micros() / pair[1].p99Micros()) : "");
    });
  }

  /**
   * For every run made against a manifold on two event loops, the same round's run on one before
   * it: two over one, in msgs/s and in server cores used.
   */
  private void printScaling() {
    Map<String, List<Result[]>> pairs = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      Result two = results.get(i);
      for (int j = i - 1; j >= 0 && two.target().equals(ManifoldTarget.inMemoryName(2)); j--) {
        Result one = results.get(j);
        if (one.target().equals(ManifoldTarget.inMemoryName(1)) && one.workload().equals(two.workload())
            && one.config().equals(two.config())) {
          pairs.computeIfAbsent(two.workload() + "|" + two.config(), key -> new ArrayList<>()).add(new Result[] {two, one});
          break;
        }
      }
    }
    pairs.forEach((key, runs) -> {
      String[] what = key.split("\\|", 2);
      System.out.printf(Locale.ROOT, "%-15s %-62s 2 event loops/1 over %d rounds: msgs/s %s, server cores %s%n",
          what[0], what[1], runs.size(), spread(runs, pair -> pair[0].messagesPerSecond() / pair[1].messagesPerSecond()),
          spread(runs, pair -> pair[0].serverCores() / pair[1].serverCores()));
    });
  }

  /** The median of {@code ratio} over the pairs, and its range: "2.31x (2.10-2.52)". */
  private static String spread(List<Result[]> pairs, ToDoubleFunction<Result[]> ratio) {
    double[] sorted = pairs.stream().mapToDouble(ratio).sorted().toArray();
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", median, sorted[0], sorted[sorted.length - 1]);
  }

  private void report(Result result) {
    results.add(result);
    System.out.println(result.toJson());
  }
}
