package dev.barker.manifold.agent;

import dev.barker.manifold.Address;

/**
 * The wire form of an agent's report, named once: the keys of the map an {@link Agent} publishes
 * (its own, and the ones services add), and its address, {@code //HOST/agents/<host>-<port>}. The
 * dashboard's {@code report.js} names the same keys for the page.
 */
public final class AgentReport {

  /** Path prefix of every agent address. */
  public static final String AGENTS_PATH = "/agents/";

  /** The service's main address, e.g. {@code //127.0.0.1/inbox}. */
  public static final String ADDRESS = "address";
  /** The agent's own address. */
  public static final String AGENT = "agent";
  /** The kind of service, e.g. {@code manifold}. */
  public static final String TYPE = "type";
  /** When the report was made (ms since the epoch). */
  public static final String TIMESTAMP = "timestamp";
  /** The service's process id. */
  public static final String PID = "pid";
  /** When the service's process started (ms since the epoch): a new value means it was started again. */
  public static final String STARTED = "started";
  /** The service's command line. */
  public static final String COMMAND = "command";
  /** Messages taken in so far. */
  public static final String INCOMING_COUNT = "incoming_count";
  /** Messages sent on so far. */
  public static final String OUTGOING_COUNT = "outgoing_count";
  /** Messages in per second over the last {@link Meter#WINDOW_SECONDS}. */
  public static final String INCOMING_RATE = "incoming_rate";
  /** Messages out per second over the last {@link Meter#WINDOW_SECONDS}. */
  public static final String OUTGOING_RATE = "outgoing_rate";
  /** JVM heap in use, bytes. */
  public static final String HEAP_USED = "heap_used";
  /** JVM heap limit, bytes. */
  public static final String HEAP_MAX = "heap_max";
  /** Process CPU load, 0 to 1. */
  public static final String CPU_LOAD = "cpu_load";

  /** Bytes charged to the service's memory budget. */
  public static final String MEMORY_USED = "memory_used";
  /** The service's memory budget, bytes. */
  public static final String MEMORY_LIMIT = "memory_limit";
  /** Connections the service's listener holds. */
  public static final String CONNECTIONS = "connections";
  /** Connections its listener dropped at once for a limit or the budget, so far. */
  public static final String CONNECTIONS_REFUSED = "connections_refused";

  /** A manifold's messages held, over all its streams. */
  public static final String MANIFOLD_MESSAGES = "manifold_messages";
  /** A manifold's streams (sub-addresses). */
  public static final String MANIFOLD_STREAMS = "manifold_streams";
  /** Messages held by a manifold's deepest stream. */
  public static final String MANIFOLD_DEPTH = "manifold_depth";
  /** Messages a manifold's push target still owes an outcome for. */
  public static final String MANIFOLD_BACKLOG = "manifold_backlog";
  /** How long since a manifold's backlog was last empty (ms). */
  public static final String MANIFOLD_LAST_IDLE = "manifold_last_idle";
  /** Age of the oldest message a manifold's push target owes an outcome for (ms). */
  public static final String MANIFOLD_MAX_IDLE = "manifold_max_idle";
  /** Messages a manifold's push target rejected, kept in {@code /dead} streams. */
  public static final String MANIFOLD_DEAD_LETTERS = "manifold_dead_letters";
  /** Dead letters a manifold holds now, in all its {@code /dead} streams. */
  public static final String MANIFOLD_DEAD_HELD = "manifold_dead_held";
  /** Subscribers a manifold detached so far for taking nothing while others waited. */
  public static final String MANIFOLD_SLOW_DETACHED = "manifold_slow_detached";
  /** The stream of the subscriber a manifold detached last for being slow; absent if none. */
  public static final String MANIFOLD_LAST_SLOW_STREAM = "manifold_last_slow_stream";
  /**
   * A manifold's largest streams, by push backlog then messages held (at most {@code --top-streams}):
   * a list of maps with {@link #TOP_STREAM_NAME}, {@link #TOP_STREAM_MESSAGES}, {@link #TOP_STREAM_BACKLOG}.
   */
  public static final String MANIFOLD_TOP_STREAMS = "manifold_top_streams";
  /** A top stream's sub-address, e.g. {@code /outbox/rex}. */
  public static final String TOP_STREAM_NAME = "stream";
  /** A top stream's messages held. */
  public static final String TOP_STREAM_MESSAGES = "messages";
  /** A top stream's push backlog. */
  public static final String TOP_STREAM_BACKLOG = "backlog";
  /** Why a manifold's store cannot write now, in one line; absent while it can. */
  public static final String MANIFOLD_STORE_FAILURE = "manifold_store_failure";
  /** Service instances the monitor knows of. */
  public static final String MONITOR_SERVICES = "monitor_services";

  private AgentReport() {
  }

  /** The agent address of the service listening on {@code host:port}, under {@code directory}. */
  public static Address addressOf(Address directory, String host, int port) {
    return directory.withPath(AGENTS_PATH + host + "-" + port);
  }

  /** True when {@code path} is an agent's, e.g. {@code /agents/127.0.0.1-5680}. */
  public static boolean isAgentPath(String path) {
    return path.startsWith(AGENTS_PATH);
  }

  /** The {@code host:port} of the service whose agent is at {@code agentPath}, e.g. {@code 127.0.0.1:5680}. */
  public static String instanceOf(String agentPath) {
    String name = agentPath.substring(AGENTS_PATH.length());
    int dash = name.lastIndexOf('-');
    return dash < 0 ? name : name.substring(0, dash) + ":" + name.substring(dash + 1);
  }
}
