package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.PythonPeer;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.directory.RoutingPolicies;
import dev.barker.manifold.link.Linker;
import dev.barker.model.Mailboxes;
import dev.barker.model.Users;
import dev.barker.model.UsersFile;
import dev.barker.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Barker with its streams in Redis (a primary, two replicas and three sentinels, each a redis
 * process) and three instances of each manifold, every service a process of its own, under a
 * steady bark load: SIGKILL of an outbox instance, then of an inbox instance (neither restarted:
 * the survivors serve their streams from Redis), then of the Redis primary (Sentinel promotes a
 * replica; the old primary comes back as a replica). After each it prints how long barks took to
 * flow again; at the end every bark an outbox accepted has reached every subscribed inbox it was
 * for, and no subscriber saw one twice; a Python Proton subscriber (following the directory's
 * redirects itself) got every one of rdl's.
 */
@Timeout(300)
class RedisFaultTest {

  private static final String HOST = "127.0.0.1";
  private static final String MASTER = "barker";
  private static final List<String> SUBSCRIBED = List.of("ark3", "rdl", "rhs", "rex", "luna", "max", "spot", "fido");
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

  @TempDir
  Path data;

  private final ServiceProcesses services = new ServiceProcesses(HOST, "--idle-timeout", "2");
  private final List<AutoCloseable> redis = new ArrayList<>();
  private final List<String> report = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    services.close();
    for (AutoCloseable server : redis) {
      server.close();
    }
  }

  @Test
  void killingAnInstanceOfEachManifoldAndTheRedisPrimaryLosesNoAcceptedBarkAndDuplicatesNone() throws Exception {
    assumeTrue(RedisServer.installed(), "redis-server and redis-sentinel are not installed (apt-get install redis-server redis-sentinel)");
    PythonPeer.assumeInstalled();
    RedisServer primary = keep(RedisServer.primary("redis-a", data.resolve("redis-a")));
    List<RedisServer> replicas = List.of(keep(RedisServer.replicaOf("redis-b", data.resolve("redis-b"), primary)),
        keep(RedisServer.replicaOf("redis-c", data.resolve("redis-c"), primary)));
    List<String> sentinels = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sentinels.add(keep(RedisServer.sentinel("sentinel-" + i, data.resolve("sentinels"), primary, MASTER, 2)).hostAndPort());
    }
    await("the replicas in sync").atMost(Duration.ofSeconds(30))
        .until(() -> primary.cli("INFO", "replication").split("state=online").length == 3);
    String store = "redis-sentinel://" + String.join(",", sentinels) + "/" + MASTER;

    Users users = UsersFile.loadOrCreate(data);
    Address directory = Address.of(HOST, Launcher.freePort(HOST), Address.DIRECTORY_PATH);
    services.define("directory", "directory", "--port", String.valueOf(directory.port()));
    for (int i = 1; i <= 3; i++) {
      services.define("inbox-" + i, "manifold", directory.withPath(Mailboxes.INBOX).toString(), "--port",
          services.free("inbox-" + i), "--history", "1000", "--store", store);
      services.define("outbox-" + i, "manifold", directory.withPath(Mailboxes.OUTBOX).toString(), "--port",
          services.free("outbox-" + i), "--push", directory.withPath(Mailboxes.BIZLOGIC).toString(), "--store", store);
    }
    for (String bizlogic : List.of("bizlogic-a", "bizlogic-b")) {
      services.define(bizlogic, "bizlogic", "--directory", directory.toString(), "--data", data.toString(), "--port",
          services.free(bizlogic));
    }
    services.startAll();

    try (TestLoop loop = new TestLoop();
        PythonPeer python = PythonPeer.start("python/inbox_subscriber.py", directory.host() + ":" + directory.port(),
            Mailboxes.inbox(directory, "rdl").toString())) {
      BarkTraffic traffic = new BarkTraffic(loop, directory, "redis-").subscribe(SUBSCRIBED);
      Linker linker = loop.call(() -> new Linker(loop.vertx()));
      Routes routes = loop.call(() -> new Routes(linker, directory));
      long timer = traffic.sendEvery(100, 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> traffic.arrivalsAt("rdl") >= 50);

      String outbox = serving(routes, Mailboxes.outbox(directory, "rex"));
      report.add(traffic.fault("SIGKILL of " + outbox + " (serving rex's outbox), not restarted",
          () -> services.kill(outbox), () -> { }, RECOVERY_BOUND));
      String inbox = serving(routes, Mailboxes.inbox(directory, "rdl"));
      report.add(traffic.fault("SIGKILL of " + inbox + " (serving rdl's inbox), not restarted",
          () -> services.kill(inbox), () -> { }, RECOVERY_BOUND));
      report.add(traffic.fault("SIGKILL of the Redis primary (Sentinel promotes a replica)", primary::kill, () -> {
        await("Sentinel promotes a replica").atMost(RECOVERY_BOUND).until(() -> replicas.stream()
            .anyMatch(replica -> replica.hostAndPort().equals(RedisServer.sentinelSays(sentinels.get(0), MASTER))));
        primary.start(); // it comes back as a replica
      }, RECOVERY_BOUND));
      traffic.stop(timer);

      await().atMost(Duration.ofSeconds(60)).until(() -> traffic.missing(users).isEmpty());
      await("every bark in the Python subscriber's view of rdl's inbox").atMost(Duration.ofSeconds(60))
          .until(() -> barksSeenBy(python).containsAll(traffic.acceptedIds()));
      await("no copy arrives late").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> traffic.duplicates().isEmpty());
      assertEquals(List.of(), traffic.duplicates(), "barks a subscriber saw twice");
      report.forEach(System.out::println);
      System.out.printf("redis faults: %d barks accepted by the outboxes, every one in every subscribed inbox it was "
          + "for, none twice; the Python subscriber got all %d of rdl's (%s)%n", traffic.acceptedCount(),
          traffic.acceptedCount(), python.printed().stream().filter(line -> line.startsWith("copies ")).reduce((a, b) -> b)
              .map(copies -> copies + " sent again after a relink, dropped by id").orElse("no copies"));
    }
  }

  /** The instance the directory sends links to {@code mailbox} to, once all three are registered. */
  private String serving(Routes routes, Address mailbox) {
    Address manifold = mailbox.withPath(mailbox.path().substring(0, mailbox.path().lastIndexOf('/')));
    return await("three instances of " + manifold).atMost(RECOVERY_BOUND).until(() -> {
      RouteState route = routes.snapshot().get(manifold.toString());
      return route == null || route.targets().size() < 3 ? null
          : services.named(RoutingPolicies.create(route.policy()).choose(mailbox.path(), route.targets()).port());
    }, name -> name != null);
  }

  private static Set<String> barksSeenBy(PythonPeer python) {
    return python.printed().stream().filter(line -> line.startsWith("bark ")).map(line -> line.substring(5))
        .collect(Collectors.toSet());
  }

  private RedisServer keep(RedisServer server) {
    redis.add(server);
    return server;
  }
}
