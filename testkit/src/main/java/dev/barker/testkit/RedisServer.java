package dev.barker.testkit;

import dev.barker.manifold.stream.RedisStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} (or {@code redis-sentinel}) in its own process on a free loopback
 * port, with its data in a directory of its own: started, killed and started again by tests.
 * Servers write an AOF and fsync it before answering, as a Redis store requires (but
 * {@link #lax}).
 */
public final class RedisServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Path SERVER = Path.of("/usr/bin/redis-server");
  private static final Path SENTINEL = Path.of("/usr/bin/redis-sentinel");

  private final String name;
  private final List<String> command;
  private final int port;
  private JavaProcess process;

  private RedisServer(String name, List<String> command, int port) {
    this.name = name;
    this.command = command;
    this.port = port;
  }

  /** True when Debian's redis-server and redis-sentinel are installed. */
  public static boolean installed() {
    return Files.isExecutable(SERVER) && Files.isExecutable(SENTINEL);
  }

  /** A primary keeping its data in {@code directory}, as a Redis store requires. */
  public static RedisServer primary(String name, Path directory) {
    return server(name, directory, RedisStore.SERVER_SETTINGS);
  }

  /** A primary that fsyncs its AOF only once a second, which a Redis store refuses. */
  public static RedisServer lax(String name, Path directory) {
    return server(name, directory, List.of("--appendonly", "yes", "--appendfsync", "everysec"));
  }

  /** A replica of {@code primary}, keeping its data in {@code directory}. */
  public static RedisServer replicaOf(String name, Path directory, RedisServer primary) {
    List<String> settings = new ArrayList<>(RedisStore.SERVER_SETTINGS);
    settings.addAll(List.of("--replicaof", HOST, String.valueOf(primary.port)));
    return server(name, directory, settings);
  }

  /**
   * A sentinel watching {@code primary} as master set {@code master}, deciding with {@code quorum}
   * others; it calls the primary down after a second without an answer.
   */
  public static RedisServer sentinel(String name, Path directory, RedisServer primary, String master, int quorum) {
    int port = freePort();
    Path config = directory.resolve(name + ".conf");
    try {
      Files.createDirectories(directory);
      Files.writeString(config, String.join("\n",
          "port " + port, "bind " + HOST, "dir " + directory,
          "sentinel monitor " + master + " " + HOST + " " + primary.port + " " + quorum,
          "sentinel down-after-milliseconds " + master + " 1000",
          "sentinel failover-timeout " + master + " 5000",
          "sentinel parallel-syncs " + master + " 1", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisServer sentinel = new RedisServer(name, List.of(SENTINEL.toString(), config.toString()), port);
    sentinel.start();
    return sentinel;
  }

  private static RedisServer server(String name, Path directory, List<String> settings) {
    int port = freePort();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--port", String.valueOf(port), "--bind", HOST,
        "--dir", directory.toString(), "--save", "", "--repl-diskless-sync-delay", "0", "--daemonize", "no"));
    command.addAll(settings);
    RedisServer server = new RedisServer(name, command, port);
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

  /** {@code 127.0.0.1:PORT}. */
  public String hostAndPort() {
    return HOST + ":" + port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String url() {
    return "redis://" + hostAndPort();
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Every line it printed. */
  public List<String> printed() {
    return process.printed();
  }

  /** SIGKILL, then waits until it is gone. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** {@code host:port} of the primary that the sentinel at {@code sentinel} names for {@code master}. */
  public static String sentinelSays(String sentinel, String master) {
    String[] where = cliAt(sentinel, "SENTINEL", "get-master-addr-by-name", master).split("\\s+");
    return where.length == 2 ? where[0] + ":" + where[1] : "";
  }

  /** Runs {@code redis-cli} against it and returns what it printed, trimmed. */
  public String cli(String... args) {
    return cliAt(hostAndPort(), args);
  }

  private static String cliAt(String hostAndPort, String... args) {
    String[] server = hostAndPort.split(":");
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", server[0], "-p", server[1]));
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
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}
