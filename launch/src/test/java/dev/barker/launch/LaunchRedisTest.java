package dev.barker.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.security.SelfSignedCertificate;
import dev.barker.testkit.JavaProcess;
import dev.barker.testkit.RedisServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barker launch --redis} starts a local redis-server, runs the manifolds on it, and stops it
 * with the launch; given a URL, the manifolds reach that Redis with the trust, password and
 * replicas given; --redis and --store together are refused, and so are Redis options without a URL.
 */
@Timeout(180)
class LaunchRedisTest {

  @TempDir
  Path data;

  @Test
  void launchWithRedisKeepsTheStreamsInALocalRedisServerAndStopsItWithTheLaunch() throws Exception {
    assumeTrue(Files.isExecutable(LocalRedis.SERVER), "redis-server is not installed (apt-get install redis-server)");
    try (LaunchedBarker barker = LaunchedBarker.start(data, "--redis", "--no-web")) {
      barker.launcher.awaitPrinted(line -> line.startsWith("first bark in ark3's inbox"), 60);
      String started = barker.launcher.awaitPrinted(line -> line.startsWith("redis-server on "), 5);
      assertTrue(started.contains(data.resolve("redis").toString()), started);
      await("barks in redis's AOF").atMost(Duration.ofSeconds(30))
          .until(() -> aof(data.resolve("redis")).contains("barker:{/inbox/ark3}:log"));
      int port = Integer.parseInt(started.replaceFirst("redis-server on [^:]+:(\\d+),.*", "$1"));

      barker.interrupt();

      await("redis-server stopped with the launch").atMost(Duration.ofSeconds(30)).until(() -> !listening(port));
    }
  }

  @Test
  void launchWithTheUrlOfARedisOverTlsReachesItWithTheTrustAndPasswordGiven() throws Exception {
    assumeTrue(RedisServer.installed(), "redis-server is not installed (apt-get install redis-server redis-sentinel)");
    Tls tls = SelfSignedCertificate.in(data.resolve("tls"));
    Path password = Files.writeString(data.resolve("redis.password"), "woof-woof\n");
    Path stored = data.resolve("redis-tls");
    try (RedisServer redis = RedisServer.overTls("redis-tls", stored, tls, "woof-woof");
        LaunchedBarker barker = LaunchedBarker.start(data, "--redis", redis.url(), "--min-replicas", "0",
            "--redis-tls-trust", tls.trustedCertificate().toString(), "--redis-password-file", password.toString(),
            "--no-web")) {
      barker.launcher.awaitPrinted(line -> line.startsWith("first bark in ark3's inbox"), 60);
      await("barks in that redis's AOF").atMost(Duration.ofSeconds(30))
          .until(() -> aof(stored).contains("barker:{/inbox/ark3}:log"));
    }
  }

  @Test
  void redisOptionsWithoutTheUrlOfARedisAreRefused() throws Exception {
    assertRefused("barker: --redis-tls-trust is for a Redis at a URL you give (--redis URL)",
        "--redis-tls-trust", "redis.pem");
    assertRefused("barker: --min-replicas, --replica-timeout are for a Redis at a URL you give (--redis URL), not the "
        + "local redis-server", "--redis", "--min-replicas", "1", "--replica-timeout", "500");
  }

  @Test
  void redisAndStoreTogetherAreRefused() throws Exception {
    assertRefused("barker: --store keeps streams on disk, --redis in Redis: give one of them", "--redis", "--store");
  }

  /** {@code barker launch} with {@code options} prints {@code message} and exits non-zero. */
  private void assertRefused(String message, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("launch", "--data", data.toString(), "--ephemeral-ports"));
    args.addAll(List.of(options));
    try (JavaProcess launch = JavaProcess.start("launch", Barker.class.getName(), args.toArray(String[]::new))) {
      launch.awaitLine(line -> line.equals(message), 30);
      assertTrue(launch.exitCode(30) != 0, "a non-zero exit code");
    }
  }

  private static boolean listening(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static String aof(Path directory) throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().contains(".aof")).toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }
}
