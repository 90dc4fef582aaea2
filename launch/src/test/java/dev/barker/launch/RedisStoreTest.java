package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.manifold.Address;
import dev.barker.manifold.TestLoop;
import dev.barker.manifold.TestNetwork;
import dev.barker.manifold.TestService;
import dev.barker.manifold.TestService.Outcome;
import dev.barker.manifold.engine.AmqpClient;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.node.Manifold;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.node.ManifoldOptions;
import dev.barker.manifold.security.SelfSignedCertificate;
import dev.barker.testkit.RedisServer;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifolds keeping their streams in a real Redis (a primary and a replica, each its own
 * redis-server process): what one accepted outlives it and another serves, history and dedupe
 * included; what no replica has is released, not accepted; a survivor pushes what a dead instance
 * left; the same over TLS ({@code rediss://}), where a certificate not trusted is refused saying
 * so, and behind TLS sentinels; a Redis that does not fsync each write is refused, and so, behind Sentinel, is a primary
 * without the replicas an append needs.
 */
@Timeout(120)
class RedisStoreTest {

  @TempDir
  Path data;

  private final List<AutoCloseable> running = new ArrayList<>();
  private TestNetwork network;

  @BeforeEach
  void requireRedis() {
    assumeTrue(RedisServer.installed(), "redis-server and redis-sentinel are not installed (apt-get install redis-server redis-sentinel)");
    network = new TestNetwork();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close(); // the manifolds first, then Redis
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void acceptedMessagesOutliveTheManifoldAndAnotherServesThemWithHistoryAndDedupe() {
    RedisServer primary = primaryWithReplica();
    ManifoldOptions options = network.manifoldOptions("/inbox").history(100).redis(primary.url());
    Address rdl = network.address("/inbox/rdl");
    TestLoop first = loop();
    start(first, options);
    awaitAll(network.send(rdl, TestNetwork.bodies("m", 50)));

    first.close(); // the manifold is gone; its streams are in Redis
    start(loop(), options);
    List<String> received = network.subscribe(rdl);
    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 50);
    awaitAll(network.send(rdl, TestNetwork.bodies("m", 10))); // sent again, as a producer that never saw them accepted does

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 50);
    assertEquals(TestNetwork.bodies("m", 50), received);
  }

  @Test
  void withoutTheReplicaItNeedsAMessageIsReleasedAndAcceptedOnceOneHasIt() {
    RedisServer primary = server(RedisServer.primary("redis-primary", data.resolve("primary")));
    ManifoldOptions options = network.manifoldOptions("/inbox").redis(primary.url());
    options.redisOptions().minReplicas(1).replicaTimeout(Duration.ofMillis(200));
    Manifold manifold = start(loop(), options);
    AmqpSender sender = network.loop().await(() -> new AmqpClient(network.loop().vertx(), new EngineOptions())
        .connect("127.0.0.1", manifold.port()).compose(connection -> {
          AmqpSender opened = connection.createSender(network.address("/inbox/rdl").toString());
          opened.open();
          return opened.opened().map(v -> opened);
        }));
    List<DeliveryState> outcomes = new CopyOnWriteArrayList<>();
    byte[] message = MessageCodec.encode(TestNetwork.message("one"));

    network.loop().run(() -> sender.send(message, outcomes::add));
    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 1);
    assertTrue(outcomes.get(0) instanceof Released, "with no replica: " + outcomes.get(0));

    replicaOf(primary);
    // sent again, as its producer would, until accepted: a replica just in sync may miss the 200 ms once
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      int before = outcomes.size();
      network.loop().run(() -> sender.send(message, outcomes::add));
      await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() > before);
      return outcomes.get(outcomes.size() - 1) instanceof Accepted;
    });
  }

  @Test
  void aSurvivorPushesWhatADeadInstanceLeftUnpushed() {
    RedisServer primary = primaryWithReplica();
    TestService holding = network.service("holding", "/svc", "ordered", Outcome.HOLD);
    ManifoldOptions options = network.manifoldOptions("/outbox").push(network.address("/svc").toString())
        .redis(primary.url());
    TestLoop dying = loop();
    start(dying, options);
    start(loop(), options);
    List<Future<Void>> accepted = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int user = 0; user < 20; user++) {
      List<String> ofUser = TestNetwork.bodies("u" + user + "-", 10);
      bodies.addAll(ofUser);
      accepted.addAll(network.send(network.address("/outbox/user" + user), ofUser));
    }
    awaitAll(accepted);
    await().atMost(Duration.ofSeconds(10)).until(() -> new HashSet<>(holding.received).size() == bodies.size());

    dying.close(); // with its half of the streams owed to the push target
    holding.crash();
    TestService healthy = network.service("healthy", "/svc", "ordered", Outcome.ACCEPT);

    await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(healthy.received).containsAll(bodies));
  }

  @Test
  void overTlsAcceptedMessagesOutliveTheManifoldAndAnUntrustedCertificateIsRefusedSayingSo() throws Exception {
    Tls tls = SelfSignedCertificate.in(data.resolve("tls"));
    RedisServer redis = server(RedisServer.overTls("redis-tls", data.resolve("redis"), tls, null));
    ManifoldOptions options = network.manifoldOptions("/inbox").history(100).redis(redis.url());
    options.redisOptions().minReplicas(0).trust(tls.trustedCertificate());
    assertAcceptedMessagesOutliveTheManifold(options);

    ManifoldOptions untrusting = network.manifoldOptions("/inbox").redis(redis.url());
    untrusting.redisOptions().minReplicas(0); // the JVM's own trust: no self-signed certificate in it
    TestLoop loop = loop();
    AssertionError refused = assertThrows(AssertionError.class, () -> loop.await(() -> Manifold.start(loop.vertx(), untrusting)));
    assertTrue(refused.getMessage().contains("cannot reach redis at " + redis.url()
        + ": unable to find valid certification path to requested target"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--redis-tls-trust"), refused.getMessage());
  }

  @Test
  void overTlsBehindSentinelTheManifoldFindsThePrimaryAndKeepsItsStreamsThere() throws Exception {
    Tls tls = SelfSignedCertificate.in(data.resolve("tls"));
    RedisServer primary = server(RedisServer.overTls("redis-tls", data.resolve("redis"), tls, null));
    RedisServer sentinel = server(RedisServer.sentinel("sentinel-tls", data.resolve("sentinel"), primary, "barker", 1));
    ManifoldOptions options = network.manifoldOptions("/inbox").history(100)
        .redis("rediss-sentinel://" + sentinel.hostAndPort() + "/barker");
    options.redisOptions().minReplicas(0).trust(tls.trustedCertificate());
    assertAcceptedMessagesOutliveTheManifold(options);
    assertEquals("20", primary.cli("--tls", "--cacert", tls.trustedCertificate().toString(), "XLEN", "barker:{/inbox/rdl}:log"));
  }

  @Test
  void aRedisThatDoesNotFsyncEachWriteIsRefusedSayingSo() {
    RedisServer lax = server(RedisServer.lax("redis-lax", data.resolve("lax")));
    TestLoop loop = loop();
    ManifoldOptions options = network.manifoldOptions("/inbox").redis(lax.url());

    AssertionError refused = assertThrows(AssertionError.class, () -> loop.await(() -> Manifold.start(loop.vertx(), options)));

    assertTrue(refused.getMessage().contains("appendfsync everysec"), refused.getMessage());
    assertTrue(refused.getMessage().contains("appendfsync always"), refused.getMessage());
  }

  @Test
  void behindSentinelAPrimaryWithoutTheReplicasItNeedsIsNotTrusted() {
    // as an old primary that was stopped and comes back looks until Sentinel demotes it
    RedisServer alone = server(RedisServer.primary("redis-alone", data.resolve("alone")));
    RedisServer sentinel = server(RedisServer.sentinel("sentinel", data.resolve("sentinel"), alone, "barker", 1));
    TestLoop loop = loop();
    ManifoldOptions options = network.manifoldOptions("/inbox").redis("redis-sentinel://" + sentinel.hostAndPort() + "/barker");

    AssertionError refused = assertThrows(AssertionError.class, () -> loop.await(() -> Manifold.start(loop.vertx(), options)));

    assertTrue(refused.getMessage().contains("is a master with 0 replicas, fewer than the 1 required"), refused.getMessage());
  }

  private RedisServer primaryWithReplica() {
    RedisServer primary = server(RedisServer.primary("redis-primary", data.resolve("primary")));
    replicaOf(primary);
    return primary;
  }

  private void replicaOf(RedisServer primary) {
    server(RedisServer.replicaOf("redis-replica", data.resolve("replica"), primary));
    await("the replica in sync").atMost(Duration.ofSeconds(20))
        .until(() -> primary.cli("INFO", "replication").contains("state=online"));
  }

  private RedisServer server(RedisServer server) {
    running.add(server);
    return server;
  }

  private TestLoop loop() {
    TestLoop loop = new TestLoop();
    running.add(loop);
    return loop;
  }

  /** Twenty messages to rdl, accepted by a manifold with {@code options}, come from the next one in order. */
  private void assertAcceptedMessagesOutliveTheManifold(ManifoldOptions options) throws Exception {
    Address rdl = network.address("/inbox/rdl");
    TestLoop first = loop();
    start(first, options);
    awaitAll(network.send(rdl, TestNetwork.bodies("m", 20)));

    first.close();
    start(loop(), options);
    List<String> received = network.subscribe(rdl);
    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 20);
    assertEquals(TestNetwork.bodies("m", 20), received);
  }

  private static Manifold start(TestLoop loop, ManifoldOptions options) {
    Manifold manifold = loop.await(() -> Manifold.start(loop.vertx(), options));
    loop.await(manifold::registered);
    return manifold;
  }

  private static void awaitAll(List<Future<Void>> sent) {
    await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(Future::succeeded));
  }
}
