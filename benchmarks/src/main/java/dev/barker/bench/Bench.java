package dev.barker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code barker bench}: every workload against our manifold and, in the same run on the same
 * machine, against an embedded ActiveMQ Artemis broker, through the same client code. One JSON line
 * per result as it comes, then a table. Every run is bounded in time.
 */
@Command(name = "barker bench", mixinStandardHelpOptions = true,
    description = "Measures the manifold side by side with ActiveMQ Artemis: hop, fan-out, latency, durable hop.")
public final class Bench implements Callable<Integer> {

  @Option(names = "--workloads", split = ",",
      description = "Which: hop, jms, fanout, latency, durable, pipeline, failover (default: all).")
  private List<String> workloads = List.of("hop", "jms", "fanout", "latency", "durable", "pipeline", "failover");

  @Option(names = "--kills", description = "SIGKILLs of the active bizlogic in the failover run (default: ${DEFAULT-VALUE}).")
  private int kills = 5;

  @Option(names = "--seconds", description = "Measured window of each run (default: ${DEFAULT-VALUE}).")
  private int seconds = 5;

  @Option(names = "--warmup", description = "Warm-up before each window, seconds (default: ${DEFAULT-VALUE}).")
  private int warmupSeconds = 2;

  @Option(names = "--producers", description = "Producers in the hop (default: ${DEFAULT-VALUE}).")
  private int producers = 2;

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
    Duration warmup = Duration.ofSeconds(warmupSeconds);
    Duration window = Duration.ofSeconds(seconds);
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
          case "fanout" -> sideBySide(target -> ours.fanOut(target, 40));
          case "latency" -> sideBySide(target -> ours.latency(target, 1_000), target -> ours.latency(target, 10_000));
          case "durable" -> durable(ours);
          case "pipeline" -> {
            PipelineWorkload pipeline = new PipelineWorkload(warmup, window);
            report(pipeline.run(0));
            report(pipeline.run(1_000));
          }
          case "failover" -> report(new FailoverWorkload().run(kills, 500));
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
    return 0;
  }

  @FunctionalInterface
  private interface Run {
    Result on(Target target) throws Exception;
  }

  /** Each run against a fresh in-memory manifold and a fresh non-persistent Artemis. */
  private void sideBySide(Run... runs) throws Exception {
    for (Run run : runs) {
      try (Target manifold = ManifoldTarget.inMemory()) {
        report(run.on(manifold));
      }
      try (Target artemis = ArtemisTarget.nonPersistent()) {
        report(run.on(artemis));
      }
    }
  }

  private void durable(Workloads ours) throws Exception {
    try (Target manifold = ManifoldTarget.durable()) {
      report(ours.hop("durable", manifold, producers, false, true));
    }
    try (Target artemis = ArtemisTarget.persistent()) {
      report(ours.hop("durable", artemis, producers, false, true));
    }
  }

  /**
   * Manifold over Artemis for every run made against both (each with the Artemis run after it):
   * throughput, and p99 latency where both measured it.
   */
  private void printRatios() {
    System.out.println();
    for (int i = 0; i < results.size(); i++) {
      Result ours = results.get(i);
      if (!ours.target().startsWith("manifold")) {
        continue;
      }
      results.subList(i + 1, results.size()).stream()
          .filter(theirs -> theirs.target().startsWith("artemis") && theirs.workload().equals(ours.workload())
              && theirs.config().equals(ours.config()))
          .findFirst()
          .ifPresent(theirs -> System.out.printf(Locale.ROOT, "%-10s %-48s manifold/artemis: %5.2fx msgs/s%s%n",
              ours.workload(), ours.config(), ours.messagesPerSecond() / theirs.messagesPerSecond(),
              ours.p99Micros() == 0 || theirs.p99Micros() == 0 ? ""
                  : String.format(Locale.ROOT, ", p99 latency %.2fx", (double) ours.p99Micros() / theirs.p99Micros())));
    }
  }

  private void report(Result result) {
    results.add(result);
    System.out.println(result.toJson());
  }
}
