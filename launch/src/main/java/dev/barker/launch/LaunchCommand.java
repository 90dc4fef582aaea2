package dev.barker.launch;

import dev.barker.autobark.BarkClient;
import dev.barker.bizlogic.BizlogicOptions;
import dev.barker.manifold.Address;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.node.DirectoryOption;
import dev.barker.manifold.node.OptionValues;
import dev.barker.manifold.node.RedisStoreOptions;
import dev.barker.manifold.node.ServiceOptions;
import dev.barker.model.Bark;
import dev.barker.model.DataOption;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.monitoring.MonitorOptions;
import dev.barker.webui.WebUiOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barker launch}: every Barker service as its own process, until Ctrl-C. */
@Command(name = "launch", mixinStandardHelpOptions = true, subcommands = LaunchStatusCommand.class,
    description = "Starts every service as a separate process (directory, inbox, bizlogic, outboxes, autobarks), "
        + "prints where they are, streams their log, starts again (with back-off) any that exits, and stops them all "
        + "on Ctrl-C. 'barker launch status' prints the state of each.")
final class LaunchCommand implements Callable<Integer> {

  /** The inbox manifold's port (the original's); a manifold has no default port of its own. */
  static final int INBOX_PORT = 5820;
  /** The first outbox manifold's port; the others take the next ones. */
  static final int OUTBOX_PORT = 5800;
  /** What Barker's manifolds and bizlogic carry is barks: a user cannot push megabytes through an outbox. */
  private static final String BARK_SIZE = String.valueOf(Bark.MAX_MESSAGE_SIZE);

  @Spec
  private CommandSpec spec;

  @Option(names = "--host", description = "Interface every service listens on (default: ${DEFAULT-VALUE}).")
  private String host = ServiceOptions.DEFAULT_HOST;

  @Mixin
  private DataOption dataOption = new DataOption();
  private Path data;

  @Option(names = "--store", description = "Keep the manifolds' streams on disk under DATA/store (survive kill -9).")
  private boolean store;

  @Option(names = "--redis", arity = "0..1", fallbackValue = "", paramLabel = "URL", description = "Keep the manifolds' "
      + "streams in Redis at URL (as manifold --store takes it: redis://, rediss://, redis-sentinel://, rediss-sentinel://..., with "
      + "--min-replicas, --replica-timeout, --redis-password-file and --redis-tls-trust as manifold has them); without a URL, "
      + "start a local redis-server on port 6379 (a free one with --ephemeral-ports), its data under DATA/redis, and "
      + "accept a message once it has it on disk (no replicas to wait for).")
  private String redis;
  /** How the manifolds reach a Redis at a URL given: replicas, password, trust. */
  @Mixin(name = "redisOptions")
  private RedisStoreOptions redisOptions = new RedisStoreOptions();
  private volatile LocalRedis localRedis;
  private String redisStore;

  @Option(names = "--secure", description = "Turn on security end to end: TLS everywhere (https, wss, AMQPS), SASL PLAIN "
      + "logins for every service and user, access rules, web login with short-lived tokens (files under DATA/secure).")
  private boolean secure;

  @Option(names = "--bizlogic", converter = OptionValues.AtLeastOne.class, paramLabel = "N", description = "Bizlogic instances: the first is active, the rest stand by (default: ${DEFAULT-VALUE}).")
  private int bizlogics = 1;

  @Option(names = "--outboxes", converter = OptionValues.AtLeastOne.class, paramLabel = "N", description = "Outbox manifolds (default: ${DEFAULT-VALUE}).")
  private int outboxes = 3;

  @Option(names = "--autobarks", converter = OptionValues.NotNegative.class, paramLabel = "N", description = "Autobark processes (default: ${DEFAULT-VALUE}).")
  private int autobarks = 5;

  @Option(names = "--rate", converter = OptionValues.Positive.class, paramLabel = "R", description = "Barks per second of each autobark (default: ${DEFAULT-VALUE}).")
  private double rate = 5;

  @Option(names = "--monitor-port", converter = OptionValues.Port.class, paramLabel = "PORT", description = "The monitor's AMQP port (default: ${DEFAULT-VALUE}).")
  private int monitorPort = MonitorOptions.DEFAULT_PORT;

  @Option(names = "--dashboard-port", converter = OptionValues.Port.class, paramLabel = "PORT", description = "The dashboard's HTTP port (default: ${DEFAULT-VALUE}).")
  private int dashboardPort = MonitorOptions.DEFAULT_HTTP_PORT;

  @Option(names = "--web-port", converter = OptionValues.Port.class, paramLabel = "PORT", description = "The Barker page's HTTP port (default: ${DEFAULT-VALUE}).")
  private int webPort = WebUiOptions.DEFAULT_HTTP_PORT;

  @Option(names = "--jit", paramLabel = "full|quick|standard", description = "How the services' JVMs compile: full "
      + "(the JVM's tiered JIT, at four times its thresholds: about twice the throughput once warm), quick (the quick "
      + "compiler alone: a little less memory, a second or so sooner where cores are few) or standard (the tiered JIT "
      + "at the JVM's own thresholds, as services started alone run). Autobarks always compile quick. "
      + "Default: ${DEFAULT-VALUE}.")
  private Child.Jit jit = Child.Jit.FULL;

  @Option(names = "--ephemeral-ports", description = "Let every service pick a free port (to run beside another Barker, or in tests).")
  private boolean ephemeralPorts;

  @Option(names = "--no-restart", description = "Leave a service whose process exits down (to watch a failure), "
      + "instead of starting it again after 1 s, doubling to 30 s.")
  private boolean noRestart;

  @Option(names = "--web", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the monitor (dashboard, /metrics) and the web server for the Barker page (default: ${DEFAULT-VALUE}).")
  private boolean web;

  private String dashboardUrl;
  private SecureSetup security;

  @Override
  public Integer call() throws InterruptedException {
    long startedAt = startMillis();
    PrintStream out = System.out;
    data = dataOption.data();
    Launcher launcher = new Launcher(out, !noRestart, data.resolve(LaunchStatus.FILE_NAME));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(launcher), "barker-launch-stop"));
    try {
      Users users = UsersFile.loadOrCreate(data); // before the children, so none of them races to write it
      security = secure ? SecureSetup.prepare(data.resolve("secure"), List.of(host)) : null;
      List<Launcher.Service> first = List.of(service("directory", "directory", List.of("directory"), "64m",
          List.of(Address.DEFAULT_PORT)));
      List<List<Launcher.Service>> planned = new ArrayList<>(List.of(first));
      planned.addAll(stages(Address.of(host, Address.DEFAULT_PORT, Address.DIRECTORY_PATH)));
      Launcher.checkPorts(host, planned); // every port this launch takes, before anything starts
      Files.createDirectories(data);
      if (redis != null && store) {
        throw new IllegalArgumentException("--store keeps streams on disk, --redis in Redis: give one of them");
      }
      refuseRedisOptionsWithoutAUrl();
      redisStore = redis == null ? null : redis.isEmpty() ? startLocalRedis() : redis;
      List<Supervised.Status> running = new ArrayList<>(launcher.start(List.of(first)));
      Address directory = Address.parse(running.get(0).address());
      watchFirstBark(out, directory, users, startedAt);
      running.addAll(launcher.start(stages(directory)));
      printTable(out, running, dashboardUrl, directory);
      out.printf("all %d processes up %.1f s after the command; together they use %d MiB (PSS)%n", running.size() + 1,
          secondsSince(startedAt), ResidentMemory.ofTree() >> 20);
    } catch (IllegalStateException | IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("barker: " + e.getMessage());
      stop(launcher);
      return 1;
    }
    new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops the children
    return 0;
  }

  /** Every fixed port this launch would take (none with --ephemeral-ports), the directory's first. */
  List<Integer> fixedPorts() {
    List<Integer> ports = new ArrayList<>(ephemeralPorts ? List.of() : List.of(Address.DEFAULT_PORT));
    data = dataOption.data();
    stages(Address.of(host, Address.DEFAULT_PORT, Address.DIRECTORY_PATH)).forEach(stage -> stage.forEach(
        service -> service.ports().stream().filter(port -> port > 0).forEach(ports::add)));
    return ports;
  }

  private List<List<Launcher.Service>> stages(Address directory) {
    String dir = directory.toString();
    List<Launcher.Service> backbone = new ArrayList<>();
    backbone.add(manifold("inbox", directory.withPath(Mailboxes.INBOX), INBOX_PORT, List.of("--history", "25")));
    for (int i = 0; i < outboxes; i++) {
      backbone.add(manifold(instanceName("outbox", i, OUTBOX_PORT + i), directory.withPath(Mailboxes.OUTBOX), OUTBOX_PORT + i,
          List.of("--push", directory.withPath(Mailboxes.BIZLOGIC).toString())));
    }
    backbone.add(bizlogic(0, dir));
    List<Launcher.Service> standbys = new ArrayList<>();
    for (int i = 1; i < bizlogics; i++) {
      standbys.add(bizlogic(i, dir));
    }
    // the first autobark starts with the backbone (its links wait, with back-off, for the outboxes),
    // so barks flow as soon as they can; the rest wait, with the web, for two cores to be free
    List<Launcher.Service> later = new ArrayList<>();
    for (int i = 1; i <= autobarks; i++) {
      (i == 1 ? backbone : later).add(service("autobark-" + i, "autobark", List.of("autobark", String.valueOf(rate),
          "--directory", dir, "--data", data.toString()), "64m", List.of()));
    }
    List<List<Launcher.Service>> stages = new ArrayList<>(List.of(backbone));
    for (Launcher.Service standby : standbys) {
      stages.add(List.of(standby)); // one at a time, so the order of registration is the order of failover
    }
    if (web) {
      int dashboardPort = ephemeralPorts ? Launcher.freePort(host) : this.dashboardPort;
      dashboardUrl = (secure ? "https://" : "http://") + host + ":" + dashboardPort + "/monitoring/";
      later.add(service("monitor", "monitor", List.of("monitor", "--directory", dir, "--http-port", String.valueOf(dashboardPort)),
          "96m", List.of(monitorPort, this.dashboardPort)));
      int webPort = ephemeralPorts ? Launcher.freePort(host) : this.webPort; // the same one after a restart
      later.add(service("webui", "webui", List.of("webui", "--directory", dir, "--data", data.toString(), "--dashboard",
          dashboardUrl, "--http-port", String.valueOf(webPort)), "64m", List.of(0, this.webPort)));
    }
    if (!later.isEmpty()) {
      stages.add(later);
    }
    return stages;
  }

  private Launcher.Service manifold(String name, Address address, int port, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("manifold", address.toString(), "--max-message-size", BARK_SIZE));
    args.addAll(extra);
    if (store) {
      args.addAll(List.of("--store", data.resolve("store").resolve(name).toString()));
    }
    if (redisStore != null) {
      args.addAll(List.of("--store", redisStore));
      args.addAll(localRedis != null ? List.of("--min-replicas", "0") // one server: safe once on its disk
          : redisOptions.arguments());
    }
    return service(name, "manifold", args, "256m", List.of(port));
  }

  private Launcher.Service bizlogic(int index, String directory) {
    int port = BizlogicOptions.DEFAULT_PORT + index;
    return service(instanceName("bizlogic", index, port), "bizlogic", List.of("bizlogic", "--directory", directory, "--data", data.toString(),
        "--max-message-size", BARK_SIZE), "128m", List.of(port));
  }

  /**
   * The row name of the {@code index}th instance of {@code role}: by its port ({@code outbox-5800}),
   * or by its number with --ephemeral-ports ({@code outbox-1}), whose ports nobody knows in advance.
   */
  private String instanceName(String role, int index, int port) {
    return role + "-" + (ephemeralPorts ? index + 1 : port);
  }

  /**
   * A service listening on {@code ports} (the first is its --port), or on free ports with
   * --ephemeral-ports; with --secure, secured and logging in as {@code principal} (null: it connects nowhere).
   */
  private Launcher.Service service(String name, String principal, List<String> args, String heap, List<Integer> ports) {
    List<String> withListen = new ArrayList<>(args);
    withListen.addAll(List.of("--host", host, "--port", String.valueOf(ephemeralPorts || ports.isEmpty() ? 0 : ports.get(0))));
    if (security != null) {
      withListen.addAll(security.listenerArgs());
      if (principal != null) {
        withListen.addAll(security.loginArgs(principal));
      }
    }
    return new Launcher.Service(name, withListen, heap, jit, ephemeralPorts ? List.of() : ports);
  }

  /** Prints the table in one write, so no child's log line lands inside it. */
  private void printTable(PrintStream out, List<Supervised.Status> running, String dashboardUrl, Address directory) {
    StringBuilder table = new StringBuilder("\n");
    table.append(String.format("%-14s %-34s %-22s %s%n", "SERVICE", "ADDRESS", "LISTENS ON", "PID"));
    for (Supervised.Status service : running) {
      table.append(String.format("%-14s %-34s %-22s %d%n", service.name(), service.address(), service.hostPort(),
          service.pid()));
    }
    table.append('\n');
    running.stream().filter(service -> service.name().equals("webui"))
        .forEach(webui -> table.append("Barker page:     ").append(webui.address()).append('\n'));
    if (dashboardUrl != null) {
      table.append("Dashboard:       ").append(dashboardUrl).append('\n');
      table.append("Metrics:         ").append(dashboardUrl.replace("/monitoring/", "/metrics")).append('\n');
    }
    if (security != null) {
      table.append("Log in as:       ark3, rdl or rhs, each with its password in ")
          .append(security.passwordFile("NAME")).append('\n');
      table.append("Console admin:   ").append(SecureSetup.OPERATOR).append(" (may retry and purge), password in ")
          .append(security.passwordFile(SecureSetup.OPERATOR)).append('\n');
    }
    String asArk3 = security == null ? "" : " --user ark3 --password-file " + security.passwordFile("ark3")
        + " --tls-trust " + security.certificate();
    String here = directory.equals(Address.parse(DirectoryOption.DEFAULT_DIRECTORY)) ? "" : " -d " + directory;
    String users = dataOption.data().equals(Path.of(DataOption.DEFAULT_DATA)) ? "" : " --data " + data;
    table.append("Watch an inbox:  ./barker listen ark3").append(asArk3).append(here).append(users).append('\n');
    table.append("List the routes: ./barker routes").append(asArk3).append(here).append('\n');
    table.append("Fail over:       kill the pid of the first bizlogic (with --bizlogic 2)\n");
    table.append("Status:          ./barker launch status").append(users).append(noRestart ? "\n" : " (a service that exits is started again)\n");
    out.print(table);
    out.flush();
  }

  private static double secondsSince(long startedAtMillis) {
    return (System.currentTimeMillis() - startedAtMillis) / 1000.0;
  }

  /** Prints how long after the command the first bark reached ark3's inbox; then stops watching. */
  private void watchFirstBark(PrintStream out, Address directory, Users users, long startedAt) {
    Vertx vertx = Vertx.vertx();
    AtomicBoolean seen = new AtomicBoolean();
    vertx.runOnContext(v -> {
      LinkerOptions options = new LinkerOptions();
      if (security != null) {
        options.engine(security.loginAs("ark3"));
      }
      new BarkClient(new Linker(vertx, options), directory, users).listen("ark3", line -> {
        if (seen.compareAndSet(false, true)) {
          out.printf("first bark in ark3's inbox %.1f s after the command%n", secondsSince(startedAt));
          vertx.close();
        }
      });
    });
  }

  private static long startMillis() {
    String fromScript = System.getenv("BARKER_STARTED_AT");
    return fromScript != null && fromScript.matches("\\d+") ? Long.parseLong(fromScript)
        : ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  /**
   * The Redis options (replicas, password, trust) are for a Redis at a URL: the local redis-server
   * of {@code --redis} alone has no replicas, password or TLS.
   */
  private void refuseRedisOptionsWithoutAUrl() {
    List<String> given = spec.mixins().get("redisOptions").options().stream()
        .filter(spec.commandLine().getParseResult()::hasMatchedOption).map(OptionSpec::longestName).toList();
    if (!given.isEmpty() && (redis == null || redis.isEmpty())) {
      throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " is" : " are")
          + " for a Redis at a URL you give (--redis URL)" + (redis == null ? "" : ", not the local redis-server"));
    }
  }

  /** Starts the local redis-server of {@code --redis} without a URL; returns its URL. */
  private String startLocalRedis() throws IOException, InterruptedException {
    int port = ephemeralPorts ? Launcher.freePort(host) : LocalRedis.DEFAULT_PORT;
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " (redis) is in use on " + host + ": if that Redis is for Barker, "
          + "give --redis redis://" + host + ":" + port + "; else stop it, or run with --ephemeral-ports");
    }
    localRedis = LocalRedis.start(host, port, data.resolve("redis"));
    System.out.println("redis-server on " + host + ":" + port + ", its data in " + data.resolve("redis"));
    return localRedis.url();
  }

  /** Stops the services, then the local redis-server (if this launch started one). */
  private void stop(Launcher launcher) {
    try {
      launcher.stop();
      if (localRedis != null) {
        localRedis.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
