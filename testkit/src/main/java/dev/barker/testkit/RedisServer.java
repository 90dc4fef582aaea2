package dev.barker.testkit;

import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.stream.RedisStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A real {@code redis-server} (or {@code redis-sentinel}) in its own process on a free loopback
 * port, with its data in a directory of its own: started, killed and started again by tests.
 * Servers write an AOF and fsync it before answering, as a Redis store requires (but
 * {@link #lax}).
 */
public final class RedisServer implements AutoCloseable {

  private static final Path SERVER = Path.of("/usr/bin/redis-server");
  private static final Path SENTINEL = Path.of("/usr/bin/redis-sentinel");

  /**
   * Where a server runs: the address it binds and the command its own is run under (empty on
   * this machine; {@code ip netns exec NS} on a test bed's host).
   *
   * @param address the address it binds and is reached at
   * @param prefix what its command line is prefixed with
   */
  public record Host(String address, List<String> prefix) {

    /** This machine's loopback. */
    public static final Host LOOPBACK = new Host("127.0.0.1", List.of());
  }

  private final String name;
  private final List<String> command;
  private final Host host;
  private final int port;
  private final String password;
  /** Its TLS settings, as pairs of a name and its value (empty: plain TCP). */
  private final List<String> tls;
  private JavaProcess process;

  private RedisServer(String name, List<String> command, Host host, int port, String password, List<String> tls) {
    this.name = name;
    this.command = command;
    this.host = host;
    this.port = port;
    this.password = password;
    this.tls = tls;
  }

  /** True when Debian's redis-server and redis-sentinel are installed. */
  public static boolean installed() {
    return Files.isExecutable(SERVER) && Files.isExecutable(SENTINEL);
  }

  /** A primary on loopback keeping its data in {@code directory}, as a Redis store requires. */
  public static RedisServer primary(String name, Path directory) {
    return server(name, Host.LOOPBACK, freePort(), directory, null, RedisStore.SERVER_SETTINGS);
  }

  /**
   * A primary on loopback that takes TLS connections only, with {@code tls}'s certificate and key,
   * not asking clients for certificates of their own, requiring {@code password} (null: none). A
   * {@link #sentinel} of it takes TLS connections only too, and reaches it over TLS.
   */
  public static RedisServer overTls(String name, Path directory, Tls tls, String password) {
    int port = freePort();
    String certificate = tls.trustedCertificate().toString();
    List<String> tlsSettings = List.of("tls-cert-file", certificate, "tls-key-file",
        writeKeyPem(tls, directory.resolve("tls-key.pem")).toString(), "tls-ca-cert-file", certificate,
        "tls-auth-clients", "no", "tls-replication", "yes");
    List<String> settings = new ArrayList<>(List.of("--port", "0", "--tls-port", String.valueOf(port)));
    for (int i = 0; i < tlsSettings.size(); i += 2) {
      settings.addAll(List.of("--" + tlsSettings.get(i), tlsSettings.get(i + 1)));
    }
    settings.addAll(RedisStore.SERVER_SETTINGS);
    return server(name, Host.LOOPBACK, port, directory, password, settings, tlsSettings);
  }

  /** The private key in {@code tls}'s key store as a PKCS#8 PEM file, as redis-server reads it. */
  private static Path writeKeyPem(Tls tls, Path pem) {
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, tls.keyStorePassword().toCharArray());
      Key key = store.getKey(store.aliases().nextElement(), tls.keyStorePassword().toCharArray());
      String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
      Files.createDirectories(pem.getParent());
      return Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key in " + tls.keyStore(), e);
    }
  }

  /** A primary that fsyncs its AOF only once a second, which a Redis store refuses. */
  public static RedisServer lax(String name, Path directory) {
    return server(name, Host.LOOPBACK, freePort(), directory, null, List.of("--appendonly", "yes", "--appendfsync", "everysec"));
  }

  /** A replica of {@code primary} on loopback, keeping its data in {@code directory}. */
  public static RedisServer replicaOf(String name, Path directory, RedisServer primary) {
    return on(name, Host.LOOPBACK, freePort(), directory, null, primary);
  }

  /**
   * A server as a store requires on {@code host}:{@code port}, a replica of {@code primary} (null:
   * a primary), requiring {@code password} from its clients and replicas (null: none, loopback only).
   */
  public static RedisServer on(String name, Host host, int port, Path directory, String password, RedisServer primary) {
    List<String> settings = new ArrayList<>(RedisStore.SERVER_SETTINGS);
    if (primary != null) {
      settings.addAll(List.of("--replicaof", primary.host.address(), String.valueOf(primary.port)));
    }
    return server(name, host, port, directory, password, settings);
  }

  /**
   * A sentinel on loopback watching {@code primary} as master set {@code master}, deciding with
   * {@code quorum} others; it calls the primary down after a second without an answer.
   */
  public static RedisServer sentinel(String name, Path directory, RedisServer primary, String master, int quorum) {
    return sentinel(name, Host.LOOPBACK, freePort(), directory, primary, master, quorum);
  }

  /** The same on {@code host}:{@code port}, with the primary's password (for it and its own clients). */
  public static RedisServer sentinel(String name, Host host, int port, Path directory, RedisServer primary,
      String master, int quorum) {
    Path config = directory.resolve(name + ".conf");
    List<String> lines = new ArrayList<>(List.of("port " + (primary.tls.isEmpty() ? port : 0),
        "bind " + host.address(), "dir " + directory,
        "sentinel monitor " + master + " " + primary.host.address() + " " + primary.port + " " + quorum,
        "sentinel down-after-milliseconds " + master + " 1000",
        "sentinel failover-timeout " + master + " 5000",
        "sentinel parallel-syncs " + master + " 1"));
    if (primary.password != null) {
      lines.addAll(List.of("sentinel auth-pass " + master + " " + primary.password, "requirepass " + primary.password));
    }
    if (!primary.tls.isEmpty()) {
      lines.add("tls-port " + port);
      for (int i = 0; i < primary.tls.size(); i += 2) {
        lines.add(primary.tls.get(i) + " " + primary.tls.get(i + 1));
      }
    }
    try {
      Files.createDirectories(directory);
      Files.writeString(config, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(host.prefix());
    command.addAll(List.of(SENTINEL.toString(), config.toString()));
    RedisServer sentinel = new RedisServer(name, command, host, port, primary.password, primary.tls);
    sentinel.start();
    return sentinel;
  }

  private static RedisServer server(String name, Host host, int port, Path directory, String password,
      List<String> settings) {
    return server(name, host, port, directory, password, settings, List.of());
  }

  /** A server; {@code settings} may listen otherwise than on {@code port} in plain TCP (over {@code tls}, say). */
  private static RedisServer server(String name, Host host, int port, Path directory, String password,
      List<String> settings, List<String> tls) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(host.prefix());
    command.addAll(List.of(SERVER.toString(), "--port", String.valueOf(port), "--bind", host.address(),
        "--dir", directory.toString(), "--save", "", "--repl-diskless-sync-delay", "0", "--daemonize", "no"));
    if (password != null) {
      command.addAll(List.of("--requirepass", password, "--masterauth", password));
    }
    command.addAll(settings); // after --port: the last of each setting counts
    RedisServer server = new RedisServer(name, command, host, port, password, tls);
    server.start();
    return server;
  }

  /** Starts it (again, after {@link #kill()}) and waits until it takes connections. */
  public RedisServer start() {
    process = JavaProcess.startCommand(name, command);
    try {
      process.awaitLine(line -> line.contains("Ready to accept connections") || line.contains("Sentinel ID is"), 30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted while starting", e);
    }
    return this;
  }

  /** Its port. */
  public int port() {
    return port;
  }

  /** {@code ADDRESS:PORT}. */
  public String hostAndPort() {
    return host.address() + ":" + port;
  }

  /** {@code redis://127.0.0.1:PORT} ({@code rediss://} over TLS). */
  public String url() {
    return (tls.isEmpty() ? "redis" : "rediss") + "://" + hostAndPort();
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Every line it printed. */
  public List<String> printed() {
    return process.printed();
  }

  /** SIGSTOP or SIGCONT ({@code STOP}, {@code CONT}): a server that hangs, then goes on. */
  public void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
  }

  /** SIGKILL, then waits until it is gone. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** {@code host:port} of the primary that the sentinel at {@code sentinel} names for {@code master}. */
  public static String sentinelSays(String sentinel, String master) {
    return sentinelSays(sentinel, master, null);
  }

  /** The same, logging in to the sentinel with {@code password} (null: none). */
  public static String sentinelSays(String sentinel, String master, String password) {
    String[] where = cliAt(sentinel, password, "SENTINEL", "get-master-addr-by-name", master).split("\\s+");
    return where.length == 2 ? where[0] + ":" + where[1] : "";
  }

  /** Runs {@code redis-cli} against it and returns what it printed, trimmed. */
  public String cli(String... args) {
    return cliAt(hostAndPort(), password, args);
  }

  private static String cliAt(String hostAndPort, String password, String... args) {
    String[] server = hostAndPort.split(":");
    List<String> command = new ArrayList<>(List.of("redis-cli", "--no-auth-warning", "-h", server[0], "-p", server[1]));
    if (password != null) {
      command.addAll(List.of("-a", password));
    }
    command.addAll(List.of(args));
    try {
      Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(cli.getInputStream().readAllBytes()).trim();
      cli.waitFor();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(Host.LOOPBACK.address()))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}
