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
 * receives from the agent's address, {@code //HOST/agents/<host>-<port>}. {@link AgentReport} names
 * its keys.
 */
public final class Agent {

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
    report.put(AgentReport.ADDRESS, serviceAddress);
    report.put(AgentReport.AGENT, address.toString());
    report.put(AgentReport.TYPE, type);
    report.put(AgentReport.TIMESTAMP, System.currentTimeMillis());
    report.put(AgentReport.PID, ProcessHandle.current().pid());
    report.put(AgentReport.STARTED, ManagementFactory.getRuntimeMXBean().getStartTime());
    report.put(AgentReport.COMMAND, System.getProperty("sun.java.command", type));
    report.put(AgentReport.INCOMING_COUNT, meter.incomingCount());
    report.put(AgentReport.OUTGOING_COUNT, meter.outgoingCount());
    report.put(AgentReport.INCOMING_RATE, meter.incomingRate());
    report.put(AgentReport.OUTGOING_RATE, meter.outgoingRate());
    Runtime runtime = Runtime.getRuntime();
    report.put(AgentReport.HEAP_USED, runtime.totalMemory() - runtime.freeMemory());
    report.put(AgentReport.HEAP_MAX, runtime.maxMemory());
    report.put(AgentReport.CPU_LOAD, processCpuLoad());
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
