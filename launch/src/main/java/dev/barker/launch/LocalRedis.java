package dev.barker.launch;

import dev.barker.manifold.stream.RedisStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local {@code redis-server} that {@code barker launch --redis} starts when given no URL (and the
 * bench, for its durable hop through Redis): one server, its data (AOF) in a directory of its own,
 * written as a Redis store requires, stopped with its owner.
 */
public final class LocalRedis implements AutoCloseable {

  static final Path SERVER = Path.of("/usr/bin/redis-server");
  /** Redis's own default port. */
  static final int DEFAULT_PORT = 6379;
  private static final long READY_MILLIS = 10_000;

  private final Process process;
  private final String url;

  private LocalRedis(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Starts a server on {@code host}:{@code port} keeping its data in {@code directory}, and waits until it takes
   * connections.
   *
   * @throws IllegalStateException saying how to install it, when it is not, or why it did not start
   */
  public static LocalRedis start(String host, int port, Path directory) throws IOException, InterruptedException {
    if (!Files.isExecutable(SERVER)) {
      throw new IllegalStateException("--redis without a URL starts a local redis-server, which is not installed: "
          + "apt-get install redis-server (or give --redis redis://HOST:PORT)");
    }
    Files.createDirectories(directory);
    List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--port", String.valueOf(port), "--bind", host,
        "--dir", directory.toAbsolutePath().toString(), "--save", "", "--daemonize", "no"));
    command.addAll(RedisStore.SERVER_SETTINGS);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile()).start();
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + " (port " + port
            + " busy?); its log is " + directory.resolve("redis.log"));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(host, port), 200);
        return new LocalRedis(process, "redis://" + host + ":" + port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not take connections on " + host + ":" + port + " within "
        + READY_MILLIS / 1000 + " s; its log is " + directory.resolve("redis.log"));
  }

  /** As {@link #start}, on a port free now. */
  public static LocalRedis startOnFreePort(String host, Path directory) throws IOException, InterruptedException {
    return start(host, Launcher.freePort(host), directory);
  }

  /** Where it listens, as {@code --store} takes it. */
  public String url() {
    return url;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Stops it (SIGTERM: it finishes writing its AOF) and waits up to 10 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
