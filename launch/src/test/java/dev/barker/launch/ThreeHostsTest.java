package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.manifold.security.Secrets;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.testkit.RedisServer;
import dev.barker.testkit.RedisServer.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Barker across three hosts (network namespaces on one bridge, made by {@code testbed/three-hosts.sh};
 * skipped where namespaces are not permitted), everything {@code --secure}: the directory, two inbox
 * instances, a Redis replica and a sentinel on A; an outbox, the active bizlogic, the Redis primary
 * and a sentinel on B; an outbox, the standby bizlogic, an autobark, a replica and a sentinel on C;
 * barks sent and read from this machine. Under a steady load: B cut off for 10 s (a replica is
 * promoted, the standby bizlogic takes over, C's outbox serves B's streams), then SIGKILL of each
 * kind of Barker process, SIGSTOP of whichever Redis server is primary by then, and SIGKILL of a
 * replica, a sentinel and the autobark. After each it prints how long barks took to flow again; at
 * the end every bark an outbox accepted (on either side of the partition) has reached every
 * subscribed inbox it was for, none twice.
 */
@Timeout(600)
class ThreeHostsTest {

  private static final Path TESTBED = Path.of("..", "testbed", "three-hosts.sh").toAbsolutePath().normalize();
  private static final String MASTER = "barker";
  private static final List<String> SUBSCRIBED = List.of("ark3", "rdl", "rhs", "rex", "luna", "max", "spot", "fido");
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
  private static final String WATCHER = "watcher";

  @TempDir
  Path data;

  private final String bed = "bk" + ProcessHandle.current().pid() % 100_000;
  private final String subnet = "10.77." + ProcessHandle.current().pid() % 250;
  private final List<AutoCloseable> redis = new ArrayList<>();
  private final List<String> report = new ArrayList<>();
  private ServiceProcesses services;
  private SecureSetup security;

  @BeforeEach
  void makeTheHosts() throws Exception {
    assumeTrue(RedisServer.installed(), "redis-server and redis-sentinel are not installed (apt-get install redis-server redis-sentinel)");
    ProcessResult up = testbed("up", bed, subnet);
    assumeTrue(up.code() == 0, "three hosts need network namespaces (root, ip netns), not permitted here: " + up.output());
    services = new ServiceProcesses(address("a"), "--idle-timeout", "2");
  }

  @AfterEach
  void removeThem() throws Exception {
    if (services != null) {
      services.close();
    }
    for (AutoCloseable server : redis) {
      server.close();
    }
    testbed("down", bed);
  }

  @Test
  void eachFaultAcrossThreeHostsLosesNoAcceptedBarkAndDuplicatesNone() throws Exception {
    Users users = UsersFile.loadOrCreate(data);
    Path secure = data.resolve("secure");
    security = SecureSetup.prepare(secure, List.of(address("a"), address("b"), address("c"), address("me")));
    String watcherPassword = allowWatcher(secure);
    String redisPassword = Secrets.createIfMissing(secure.resolve("redis.password"));

    RedisServer primary = keep(RedisServer.on("redis-b", host("b"), 6379, data.resolve("redis-b"), redisPassword, null));
    List<RedisServer> replicas = List.of(
        keep(RedisServer.on("redis-a", host("a"), 6379, data.resolve("redis-a"), redisPassword, primary)),
        keep(RedisServer.on("redis-c", host("c"), 6379, data.resolve("redis-c"), redisPassword, primary)));
    List<RedisServer> sentinelServers = new ArrayList<>();
    for (String host : List.of("a", "b", "c")) {
      sentinelServers.add(keep(RedisServer.sentinel("sentinel-" + host, host(host), 26379,
          data.resolve("sentinel-" + host), primary, MASTER, 2)));
    }
    List<String> sentinels = sentinelServers.stream().map(RedisServer::hostAndPort).toList();
    await("the replicas in sync").atMost(Duration.ofSeconds(30))
        .until(() -> primary.cli("INFO", "replication").split("state=online").length == 3);

    Address directory = Address.of(address("a"), 5672, Address.DIRECTORY_PATH);
    List<String> store = List.of("--store", "redis-sentinel://" + String.join(",", sentinels) + "/" + MASTER,
        "--redis-password-file", secure.resolve("redis.password").toString());
    define("directory", "a", "directory", List.of("directory", "--port", "5672"));
    for (String inbox : List.of("inbox-1", "inbox-2")) {
      define(inbox, "a", "manifold", concat(List.of("manifold", directory.withPath(Mailboxes.INBOX).toString(),
          "--port", inbox.equals("inbox-1") ? "5820" : "5821", "--history", "1000"), store));
    }
    for (String host : List.of("b", "c")) {
      define("outbox-" + host, host, "manifold", concat(List.of("manifold", directory.withPath(Mailboxes.OUTBOX).toString(),
          "--port", "5800", "--push", directory.withPath(Mailboxes.BIZLOGIC).toString()), store));
    }
    for (String host : List.of("b", "c")) { // B's first: it is the active one
      define("bizlogic-" + host, host, "bizlogic", List.of("bizlogic", "--directory", directory.toString(), "--data",
          data.toString(), "--port", "5830"));
    }
    define("autobark-c", "c", "autobark", List.of("autobark", "5", "--directory", directory.toString(), "--data",
        data.toString(), "--port", "5840")); // load besides the test's own barks
    services.startAll();
    LinkerOptions watching = new LinkerOptions().engine(new EngineOptions().login(WATCHER, watcherPassword)
        .tls(Tls.trusting(security.certificate())));

    try (TestLoop loop = new TestLoop()) {
      BarkTraffic traffic = new BarkTraffic(loop, directory, "hosts-", watching).subscribe(SUBSCRIBED);
      Routes routes = loop.call(() -> new Routes(new Linker(loop.vertx(), watching), directory));
      long timer = traffic.sendEvery(100, 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> traffic.arrivalsAt("rdl") >= 50);

      long[] cutAt = {0};
      fault(traffic, "host B cut off (the Redis primary, the active bizlogic, an outbox, a sentinel) for 10 s", () -> {
        cutAt[0] = System.currentTimeMillis();
        testbed("cut", bed, "b");
      }, () -> {
        Thread.sleep(Math.max(0, cutAt[0] + 10_000 - System.currentTimeMillis())); // a partition, not a blip
        testbed("heal", bed, "b");
      });
      await("both outboxes and bizlogics registered again").atMost(RECOVERY_BOUND)
          .until(() -> registered(routes, directory, Mailboxes.OUTBOX) == 2 && registered(routes, directory, Mailboxes.BIZLOGIC) == 2);
      String active = activeBizlogic(routes, directory);
      fault(traffic, "SIGKILL of the active bizlogic (" + active + "), restarted", () -> services.kill(active),
          () -> services.start(active));
      fault(traffic, "SIGKILL of the outbox on B, restarted", () -> services.kill("outbox-b"),
          () -> services.start("outbox-b"));
      fault(traffic, "SIGKILL of an inbox instance (host A), restarted", () -> services.kill("inbox-1"),
          () -> services.start("inbox-1"));
      fault(traffic, "SIGKILL of the directory (host A), restarted", () -> services.restart("directory"), () -> { });
      List<RedisServer> servers = List.of(primary, replicas.get(0), replicas.get(1));
      RedisServer now = servers.stream().filter(server -> server.hostAndPort()
          .equals(RedisServer.sentinelSays(sentinels.get(0), MASTER, redisPassword))).findFirst().orElseThrow();
      fault(traffic, "SIGSTOP of the Redis primary (" + now.hostAndPort() + ") until a replica is promoted",
          () -> now.signal("STOP"), () -> now.signal("CONT"));
      String primaryNow = RedisServer.sentinelSays(sentinels.get(0), MASTER, redisPassword);
      RedisServer replica = servers.stream().filter(server -> server != now && !server.hostAndPort().equals(primaryNow))
          .findFirst().orElseThrow();
      fault(traffic, "SIGKILL of a Redis replica (" + replica.hostAndPort() + "), restarted", replica::kill,
          replica::start);
      RedisServer sentinelC = sentinelServers.get(2);
      fault(traffic, "SIGKILL of the sentinel on C, restarted", sentinelC::kill, sentinelC::start);
      fault(traffic, "SIGKILL of the autobark on C, restarted", () -> services.kill("autobark-c"),
          () -> services.start("autobark-c"));
      await("both outboxes and bizlogics registered again").atMost(RECOVERY_BOUND)
          .until(() -> registered(routes, directory, Mailboxes.OUTBOX) == 2 && registered(routes, directory, Mailboxes.BIZLOGIC) == 2);
      traffic.stop(timer);

      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertEquals(List.of(), traffic.missing(users),
          "accepted barks missing from an inbox they were for"));
      await("no copy arrives late").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> traffic.duplicates().isEmpty());
      assertEquals(List.of(), traffic.duplicates(), "barks a subscriber saw twice");
      report.forEach(System.out::println);
      System.out.printf("three hosts: %d barks accepted by the outboxes, every one in every subscribed inbox it was "
          + "for, none twice%n", traffic.acceptedCount());
    }
  }

  private void fault(BarkTraffic traffic, String what, BarkTraffic.Step inject, BarkTraffic.Step undo) throws Exception {
    report.add(traffic.fault(what, inject, undo, RECOVERY_BOUND));
  }

  /** The bizlogic the directory sends barks to now: the first registered. */
  private String activeBizlogic(Routes routes, Address directory) {
    RouteState route = routes.snapshot().get(directory.withPath(Mailboxes.BIZLOGIC).toString());
    return "bizlogic-" + (route.targets().get(0).host().equals(address("b")) ? "b" : "c");
  }

  private static int registered(Routes routes, Address directory, String path) {
    RouteState route = routes.snapshot().get(directory.withPath(path).toString());
    return route == null ? 0 : route.targets().size();
  }

  /** Defines {@code name}, a service logging in as {@code principal}, on host {@code on}. */
  private void define(String name, String on, String principal, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(security.listenerArgs());
    all.addAll(security.loginArgs(principal));
    services.defineOn(name, address(on), host(on).prefix(), all.toArray(String[]::new));
  }

  /** A principal for this test that may send to every outbox and read every inbox; its password. */
  private static String allowWatcher(Path secure) throws IOException {
    Path access = secure.resolve("access.json");
    String rules = Files.readString(access).trim();
    Files.writeString(access, rules.substring(0, rules.lastIndexOf('}'))
        + ",\n  \"" + WATCHER + "\": {\"receive\": [\"/inbox/**\", \"/directory\"]}\n}\n");
    String password = Secrets.createIfMissing(secure.resolve(WATCHER + ".password"));
    CredentialsFile.putSecret(secure.resolve("credentials.json"), WATCHER, password, Set.of(WATCHER, "autobark", "viewer"));
    return password;
  }

  private Host host(String name) {
    return new Host(address(name), List.of("ip", "netns", "exec", bed + "-" + name));
  }

  private String address(String host) {
    return subnet + "." + switch (host) {
      case "a" -> 1;
      case "b" -> 2;
      case "c" -> 3;
      default -> 254; // this machine, on the same bridge
    };
  }

  private RedisServer keep(RedisServer server) {
    redis.add(server);
    return server;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private record ProcessResult(int code, String output) {
  }

  private static ProcessResult testbed(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", TESTBED.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes()).trim();
    return new ProcessResult(process.waitFor(), output);
  }
}
