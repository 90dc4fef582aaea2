package dev.barker.bench;

import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/** An embedded Apache ActiveMQ Artemis broker with its AMQP acceptor, in this JVM: what we compare with. */
final class ArtemisTarget implements Target {

  private final String name;
  private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
  private final int port;

  private ArtemisTarget(String name, boolean persistent) throws Exception {
    this.name = name;
    this.port = freePort();
    Path data = Files.createTempDirectory("bench-artemis");
    Configuration configuration = new ConfigurationImpl()
        .setName("bench")
        .setPersistenceEnabled(persistent)
        .setSecurityEnabled(false)
        .setJournalType(JournalType.NIO)
        .setJournalDirectory(data.resolve("journal").toString())
        .setBindingsDirectory(data.resolve("bindings").toString())
        .setPagingDirectory(data.resolve("paging").toString())
        .setLargeMessagesDirectory(data.resolve("large").toString())
        .addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
    broker.setConfiguration(configuration);
    broker.start();
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
  public String address(String queue) {
    return "bench." + queue;
  }

  @Override
  public Future<Void> stop() {
    try {
      broker.stop();
      return Future.succeededFuture();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }
}
