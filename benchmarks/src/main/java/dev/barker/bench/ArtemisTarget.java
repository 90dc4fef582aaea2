package dev.barker.bench;

import dev.barker.launch.Child;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * ActiveMQ Artemis ({@link ArtemisServer}) in a JVM of its own with the heap cap the manifold gets
 * and the collector Artemis's own start script uses (G1): what we compare with.
 */
final class ArtemisTarget implements Target {

  /** Its start-up line, and warnings that are the configuration working: producers blocked, no DLA. */
  private static final Pattern EXPECTED = Pattern.compile(" ready$|AMQ222183|AMQ222165|AMQ222166");

  private final String name;
  private final int port;
  private final Child server;

  private ArtemisTarget(String name, boolean persistent) throws Exception {
    this.name = name;
    this.port = freePort();
    server = Child.start(name, List.of(Child.javaBinary(),
        "-XX:+UseG1GC", "-Xmx" + ManifoldTarget.HEAP, "-cp", System.getProperty("java.class.path"),
        ArtemisServer.class.getName(), String.valueOf(port), persistent ? "persistent" : "memory"),
        line -> {
          if (!EXPECTED.matcher(line).find()) {
            System.err.println(name + "> " + line); // a warning worth seeing: a journal that fell back to NIO, say
          }
        });
    server.ready().get(60, TimeUnit.SECONDS);
  }

  /** Artemis keeping messages in memory only. */
  static ArtemisTarget nonPersistent() throws Exception {
    return new ArtemisTarget("artemis", false);
  }

  /** Artemis with its persistent journal (durable messages are synced before they are accepted). */
  static ArtemisTarget persistent() throws Exception {
    return new ArtemisTarget("artemis persistent", true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public ServerProcess server() {
    return ServerProcess.of(server.pid());
  }

  @Override
  public String address(String queue) {
    return "bench." + queue;
  }

  /** Artemis's multicast prefix (set on the acceptor): each receiver gets a subscription queue of its own. */
  @Override
  public String multicastAddress(String queue) {
    return ArtemisServer.MULTICAST_PREFIX + address(queue);
  }

  @Override
  public Future<Void> stop() {
    try {
      server.stop(10);
      return Future.succeededFuture();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }
}
