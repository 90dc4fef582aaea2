package dev.barker.manifold.agent;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MessageCodec;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * A service's agent: once a second it builds a report (what the service is, its message counts and
 * rates, its JVM heap and CPU, plus the service's own figures) and sends it to every link that
 * receives from the agent's address, {@code //HOST/agents/<host>-<port>}.
 */
public final class Agent {

  /** Path prefix of every agent address. */
  public static final String AGENTS_PATH = "/agents/";
  private static final long PERIOD_MILLIS = 1_000;

  private final Vertx vertx;
  private final Address address;
  private final String serviceAddress;
  private final String type;
  private final Meter meter;
  private final Supplier<Map<String, Object>> serviceStats;
  private final List<AmqpSender> subscribers = new ArrayList<>();
  private byte[] latest;
  private long timer = -1;

  /**
   * An agent at {@code address} for the service of {@code type} serving {@code serviceAddress};
   * {@code serviceStats} adds the service's own fields to each report.
   */
  public Agent(Vertx vertx, Address address, String serviceAddress, String type, Meter meter,
      Supplier<Map<String, Object>> serviceStats) {
    this.vertx = vertx;
    this.address = address;
    this.serviceAddress = serviceAddress;
    this.type = type;
    this.meter = meter;
    this.serviceStats = serviceStats;
  }

  /** The agent address of the service listening on {@code host:port}, under {@code directory}. */
  public static Address addressOf(Address directory, String host, int port) {
    return directory.withPath(AGENTS_PATH + host + "-" + port);
  }

  /** The agent's own address. */
  public Address address() {
    return address;
  }

  /** Starts reporting once a second; call on the service's context. */
  public void start() {
    meter.sample(System.currentTimeMillis());
    timer = vertx.setPeriodic(PERIOD_MILLIS, id -> publish());
  }

  /** Stops reporting. */
  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Takes a link that receives the reports; it gets the latest at once, then one a second. */
  public void subscribe(AmqpSender link) {
    subscribers.add(link);
    link.closeHandler(condition -> subscribers.remove(link));
    link.open();
    if (latest != null) {
      link.sendPresettled(latest);
    }
  }

  /** The report as it would be sent now. */
  public Map<String, Object> report() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("address", serviceAddress);
    report.put("agent", address.toString());
    report.put("type", type);
    report.put("timestamp", System.currentTimeMillis());
    report.put("pid", ProcessHandle.current().pid());
    report.put("command", System.getProperty("sun.java.command", type));
    report.put("incoming_count", meter.incomingCount());
    report.put("outgoing_count", meter.outgoingCount());
    report.put("incoming_rate", meter.incomingRate());
    report.put("outgoing_rate", meter.outgoingRate());
    Runtime runtime = Runtime.getRuntime();
    report.put("heap_used", runtime.totalMemory() - runtime.freeMemory());
    report.put("heap_max", runtime.maxMemory());
    report.put("cpu_load", processCpuLoad());
    report.putAll(serviceStats.get());
    return report;
  }

  private void publish() {
    meter.sample(System.currentTimeMillis());
    Message message = Message.Factory.create();
    message.setSubject("agent");
    message.setBody(new AmqpValue(report()));
    latest = MessageCodec.encode(message);
    for (AmqpSender subscriber : subscribers) {
      if (subscriber.isSendable()) {
        subscriber.sendPresettled(latest); // a subscriber without credit just misses this one
      }
    }
  }

  private static double processCpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuLoad());
    }
    return 0;
  }
}
