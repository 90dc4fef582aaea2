package dev.barker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis with its AMQP acceptor, as a program of its own, so that it runs in its own JVM
 * as the manifold does: {@code ArtemisServer PORT persistent|memory}. Prints
 * {@code artemis on 127.0.0.1:PORT ready} once it takes connections; exits when its standard input
 * closes (the bench that started it is gone).
 *
 * <p>Set up as Artemis's performance-tuning documentation recommends for producers faster than
 * their consumers: an address holding {@value #MAX_SIZE_BYTES} bytes blocks its producers (BLOCK:
 * AMQP credit stops), as the manifold's backlog limit does, rather than paging to disk; AMQP credits
 * at the documented defaults, said explicitly; a multicast prefix, so a topic gives each receiver
 * every message; when persistent, the ASYNCIO journal its documentation recommends on Linux (it
 * needs Debian's {@code libaio1}; without it Artemis logs that it falls back to NIO).
 */
public final class ArtemisServer {

  static final long MAX_SIZE_BYTES = 10L * 1024 * 1024;
  static final String MULTICAST_PREFIX = "topic://";

  private ArtemisServer() {
  }

  /** Starts the broker and runs until standard input closes. */
  public static void main(String[] args) throws Exception {
    // Artemis's own logging configuration keeps its audit loggers off; with them on (as an INFO
    // root would have them) it logs every message it takes and spends its CPU on that.
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    logging.getLogger("org.apache.activemq.audit").setLevel(Level.OFF);
    int port = Integer.parseInt(args[0]);
    boolean persistent = args[1].equals("persistent");
    Path data = Files.createTempDirectory("bench-artemis");
    Configuration configuration = new ConfigurationImpl()
        .setName("bench")
        .setPersistenceEnabled(persistent)
        .setSecurityEnabled(false)
        .setJournalType(JournalType.ASYNCIO) // Linux's native AIO (libaio1), as its docs advise; else NIO, logged
        .setJournalDirectory(data.resolve("journal").toString())
        .setBindingsDirectory(data.resolve("bindings").toString())
        .setPagingDirectory(data.resolve("paging").toString())
        .setLargeMessagesDirectory(data.resolve("large").toString())
        .addAddressSetting("#", new AddressSettings()
            .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK)
            .setMaxSizeBytes(MAX_SIZE_BYTES))
        .addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP;multicastPrefix="
            + MULTICAST_PREFIX + ";amqpCredits=1000;amqpLowCredits=300");
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    broker.setConfiguration(configuration);
    broker.start();
    System.out.println("artemis on 127.0.0.1:" + port + " ready");
    while (System.in.read() >= 0) {
      // until the bench's end of the pipe closes
    }
    broker.stop();
    System.exit(0);
  }
}
