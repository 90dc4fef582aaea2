package dev.barker.manifold.stream;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link RedisStore} keeps its streams: {@code redis://HOST:PORT[/DB]} (or {@code rediss://}
 * for TLS) for one server, or {@code redis-sentinel://H1:P1,H2:P2,H3:P3/MASTER} (or
 * {@code rediss-sentinel://}, as Lettuce spells it, for TLS to the sentinels and the primary) for
 * the primary that Sentinel names MASTER, followed through its failovers.
 *
 * @param sentinels the sentinels' connection strings ({@code redis://HOST:PORT} or {@code rediss://}), or empty for one server
 * @param server the server's connection string, or null with sentinels
 * @param master the master set's name, with sentinels
 * @param password the server's password, or null
 * @param trust PEM certificates to trust over TLS, or null for the JVM's own
 */
public record RedisLocation(List<String> sentinels, String server, String master, String password, Path trust) {

  private static final String SENTINEL_SCHEME = "redis-sentinel://";
  private static final String TLS_SENTINEL_SCHEME = "rediss-sentinel://";

  /** True when {@code value} names a Redis location rather than a directory. */
  public static boolean isRedis(String value) {
    return value.startsWith("redis://") || value.startsWith("rediss://") || value.startsWith(SENTINEL_SCHEME)
        || value.startsWith(TLS_SENTINEL_SCHEME);
  }

  /**
   * Reads a location; {@code password} and {@code trust} may be null.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static RedisLocation parse(String value, String password, Path trust) {
    RedisLocation location = value.startsWith(SENTINEL_SCHEME) || value.startsWith(TLS_SENTINEL_SCHEME)
        ? behindSentinels(value, password, trust) : server(value, password, trust);
    if (trust != null && !location.tls()) {
      throw new IllegalArgumentException("a certificate to trust is for TLS (rediss://... or rediss-sentinel://...), not "
          + location);
    }
    return location;
  }

  private static RedisLocation server(String value, String password, Path trust) {
    if (!value.matches("rediss?://[^/\\s]+(/\\d+)?")) {
      throw new IllegalArgumentException("not a Redis URL (redis://HOST:PORT[/DB]): " + value);
    }
    return new RedisLocation(List.of(), value, null, password, trust);
  }

  private static RedisLocation behindSentinels(String value, String password, Path trust) {
    boolean tls = value.startsWith(TLS_SENTINEL_SCHEME);
    String rest = value.substring((tls ? TLS_SENTINEL_SCHEME : SENTINEL_SCHEME).length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("a Sentinel URL names its sentinels and master: "
          + "redis-sentinel://H1:P1,H2:P2,H3:P3/MASTER, not " + value);
    }
    List<String> sentinels = new ArrayList<>();
    for (String sentinel : rest.substring(0, slash).split(",")) {
      if (!sentinel.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException("a sentinel is HOST:PORT, not '" + sentinel + "' in " + value);
      }
      sentinels.add((tls ? "rediss://" : "redis://") + sentinel); // the primary they name is reached the same way
    }
    return new RedisLocation(List.copyOf(sentinels), null, rest.substring(slash + 1), password, trust);
  }

  /** True when it is reached over TLS. */
  public boolean tls() {
    return (sentinels.isEmpty() ? server : sentinels.get(0)).startsWith("rediss://");
  }

  /** The client's options: to the server, or to whichever server the sentinels name primary. */
  RedisOptions toOptions() {
    RedisOptions options = new RedisOptions().setMaxPoolSize(2).setMaxPoolWaiting(16)
        // replies awaited on the store's one connection: bounded by the credit the streams grant, not here
        .setMaxWaitingHandlers(1 << 16)
        .setPreferredProtocolVersion(ProtocolVersion.RESP2); // the replies read here are RESP2's arrays
    if (sentinels.isEmpty()) {
      options.setType(RedisClientType.STANDALONE).setConnectionString(server);
    } else {
      options.setType(RedisClientType.SENTINEL).setMasterName(master).setRole(RedisRole.MASTER).setAutoFailover(true);
      sentinels.forEach(options::addConnectionString);
    }
    if (password != null) {
      options.setPassword(password);
    }
    if (tls()) {
      // the server's certificate must name the host the URL gives, as HTTPS has it (Vert.x asks us to choose)
      NetClientOptions tls = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (trust != null) {
        tls.setTrustOptions(new PemTrustOptions().addCertPath(trust.toString()));
      }
      options.setNetClientOptions(tls);
    }
    return options;
  }

  /** The location without any password in it, for messages. */
  @Override
  public String toString() {
    if (sentinels.isEmpty()) {
      return server.replaceFirst("//[^@/]*@", "//");
    }
    return (tls() ? TLS_SENTINEL_SCHEME : SENTINEL_SCHEME)
        + String.join(",", sentinels.stream().map(sentinel -> sentinel.substring(sentinel.indexOf("//") + 2)).toList())
        + "/" + master;
  }
}
