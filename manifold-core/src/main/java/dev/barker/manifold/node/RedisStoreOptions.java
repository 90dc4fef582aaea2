package dev.barker.manifold.node;

import dev.barker.manifold.security.Secrets;
import dev.barker.manifold.stream.RedisLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a manifold with {@code --store redis://...} reaches Redis and when it counts an append safe. */
public final class RedisStoreOptions {

  /** Replicas that must have an append before it is accepted. */
  public static final int DEFAULT_MIN_REPLICAS = 1;
  /** How long an append waits for them, in milliseconds. */
  public static final int DEFAULT_REPLICA_TIMEOUT_MILLIS = 1_000;

  @Option(names = "--min-replicas", converter = OptionValues.NotNegative.class, paramLabel = "N", description = "With a Redis "
      + "store: replicas that must have a message (WAIT) before it is accepted; if they do not in --replica-timeout, it is "
      + "released and its producer sends it again. 0 trusts the primary's disk alone (default: ${DEFAULT-VALUE}).")
  private int minReplicas = DEFAULT_MIN_REPLICAS;

  @Option(names = "--replica-timeout", converter = OptionValues.AtLeastOne.class, paramLabel = "MS", description = "With a Redis "
      + "store: how long an append waits for --min-replicas, in milliseconds (default: ${DEFAULT-VALUE}).")
  private int replicaTimeoutMillis = DEFAULT_REPLICA_TIMEOUT_MILLIS;

  @Option(names = "--redis-password-file", paramLabel = "FILE", description = "With a Redis store: file whose first line is "
      + "Redis's password (requirepass).")
  private Path passwordFile;

  @Option(names = "--redis-tls-trust", paramLabel = "PEM", description = "With a rediss:// or rediss-sentinel:// store: trust these PEM "
      + "certificates (default: the JVM's).")
  private Path trust;

  /** Replicas an append waits for. */
  public int minReplicas() {
    return minReplicas;
  }

  /** Sets the replicas an append waits for. */
  public RedisStoreOptions minReplicas(int replicas) {
    this.minReplicas = replicas;
    return this;
  }

  /** How long an append waits for them. */
  public Duration replicaTimeout() {
    return Duration.ofMillis(replicaTimeoutMillis);
  }

  /** Sets how long an append waits for its replicas. */
  public RedisStoreOptions replicaTimeout(Duration timeout) {
    this.replicaTimeoutMillis = Math.toIntExact(timeout.toMillis());
    return this;
  }

  /** Trusts the PEM certificates in {@code pem} (null: the JVM's) for a {@code rediss://} store. */
  public RedisStoreOptions trust(Path pem) {
    this.trust = pem;
    return this;
  }

  /**
   * These options as {@code barker manifold} takes them, to start manifolds that reach Redis the
   * same way (files as absolute paths: the manifold may run elsewhere than here).
   */
  public List<String> arguments() {
    List<String> arguments = new ArrayList<>(List.of("--min-replicas", String.valueOf(minReplicas),
        "--replica-timeout", String.valueOf(replicaTimeoutMillis)));
    if (passwordFile != null) {
      arguments.addAll(List.of("--redis-password-file", passwordFile.toAbsolutePath().toString()));
    }
    if (trust != null) {
      arguments.addAll(List.of("--redis-tls-trust", trust.toAbsolutePath().toString()));
    }
    return arguments;
  }

  /** {@code url} with the password and trust set here. */
  RedisLocation location(String url) {
    return RedisLocation.parse(url, passwordFile == null ? null : Secrets.read(passwordFile), trust);
  }
}
