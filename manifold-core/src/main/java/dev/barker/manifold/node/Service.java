package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.InvalidAddressException;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.agent.Agent;
import dev.barker.manifold.agent.AgentMetrics;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.directory.Tether;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpListener;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MemoryBudget;
import dev.barker.manifold.link.Link;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.LinkerOptions;
import dev.barker.manifold.management.ManagementNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * What every service is: it listens on one port (AMQP and AMQP over WebSocket), registers its
 * routes with its directory through a {@link Tether}, publishes an {@link Agent}, and links to other
 * services through a {@link Linker}. Subclasses say what to do with the links peers open; all of
 * it runs on the service's own event loop.
 */
public abstract class Service extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

  /** Counts messages in and out for the agent. */
  protected final Meter meter = new Meter();
  private final String type;
  private final ServiceOptions options;
  private Address directory;
  private final List<Future<Void>> registrations = new ArrayList<>();
  private AmqpListener listener;
  private Linker linker;
  private Tether tether;
  private String lastDirectoryTrouble;
  private Agent agent;
  private ManagementNode management;

  /**
   * A service of {@code type} (e.g. "manifold") listening per {@code options}, registered with
   * {@code directory} (null for the directory itself, which registers with its own listener).
   */
  protected Service(String type, ServiceOptions options, Address directory) {
    this.type = type;
    this.options = options;
    this.directory = directory;
  }

  /** Deploys {@code service} on its own event loop; the future holds it once it listens. */
  public static <S extends Service> Future<S> deploy(Vertx vertx, S service) {
    return vertx.deployVerticle(service).map(id -> service);
  }

  /** Reads its security files (on a worker), listens, registers its agent, then {@link #onStart()}. */
  @Override
  public final Future<?> start() {
    return vertx.executeBlocking(() -> options.security().load(options.engine()))
        .compose(engine -> {
          linker = new Linker(vertx, new LinkerOptions().engine(engine));
          AgentMetrics metrics = new AgentMetrics(() -> agent == null ? List.of() : List.of(agent.report()));
          engine.httpGetHandler(new HealthEndpoints(this::notReadyBecause, metrics));
          management = new ManagementNode(engine.admission() != null);
          return AmqpListener.listen(vertx, options.host(), options.port(), engine, this::serve);
        })
        .compose(started -> {
          listener = started;
          if (directory == null) {
            directory = Address.of(options.host(), port(), Address.DIRECTORY_PATH);
          }
          tether = new Tether(linker, directory).troubleHandler(this::onDirectoryTrouble);
          agent = new Agent(vertx, AgentReport.addressOf(directory, options.host(), port()), address().toString(),
              type, meter, this::report);
          agent.start();
          register(agent.address(), "ordered");
          new ServiceManagement(this, listener).addTo(management);
          return onStart();
        });
  }

  @Override
  public final Future<?> stop() {
    if (agent != null) {
      agent.stop();
    }
    return Future.join(onStop(), linker == null ? Future.succeededFuture() : linker.close(),
        listener == null ? Future.succeededFuture() : listener.close());
  }

  /** Sets the service up once it listens: register its routes, open its links. */
  protected abstract Future<?> onStart();

  /** Releases what {@link #onStart()} took. */
  protected Future<?> onStop() {
    return Future.succeededFuture();
  }

  /** The address this service is known by (its main route). */
  public abstract Address address();

  /** What every service adds to its agent's report: its memory budget and connections; then {@link #stats()}. */
  private Map<String, Object> report() {
    Map<String, Object> report = new LinkedHashMap<>();
    MemoryBudget budget = options.engine().memoryBudget();
    report.put(AgentReport.MEMORY_USED, budget.used());
    report.put(AgentReport.MEMORY_LIMIT, budget.limit());
    report.put(AgentReport.CONNECTIONS, listener.connectionCount());
    report.put(AgentReport.CONNECTIONS_REFUSED, listener.refusedCount());
    report.putAll(stats());
    return report;
  }

  /**
   * Why the service cannot serve now (its {@code /health/ready} answers 503 with these), or an
   * empty list: not registered with its directory yet, plus what {@link #problems()} adds.
   */
  public final List<String> notReadyBecause() {
    List<String> problems = new ArrayList<>();
    if (!registered().succeeded()) {
      problems.add("not registered with the directory at " + directory + " yet");
    }
    problems.addAll(problems());
    return problems;
  }

  /** What keeps the service from serving besides registration (a manifold's store failing), if anything. */
  protected List<String> problems() {
    return List.of();
  }

  /** The service's own fields for its agent report. */
  protected Map<String, Object> stats() {
    return Map.of();
  }

  /** A peer wants to receive from an address of ours; by default refused with not-found. */
  protected void onSenderOpen(AmqpSender link) {
    link.refuse(link.notFound());
  }

  /** A peer wants to send to an address of ours; by default refused with not-found. */
  protected void onReceiverOpen(AmqpReceiver link) {
    link.refuse(link.notFound());
  }

  /** Says, once per reason, why the directory cannot be reached: until it is, the service is not ready. */
  private void onDirectoryTrouble(Throwable error) {
    String reason = Link.reason(error);
    if (!reason.equals(lastDirectoryTrouble)) {
      lastDirectoryTrouble = reason;
      LOG.warn("{}: cannot register with the directory at {} yet: {}; retrying", type, directory, reason);
    }
  }

  /** Registers {@code address} (and every address below it) as served here, with {@code policy}. */
  protected final Future<Void> register(Address address, String policy) {
    Future<Void> registered = tether.route(new Route(address.toString(),
        RouteTarget.of(options.host(), port()), type + "@" + options.host() + ":" + port(), policy));
    registrations.add(registered);
    return registered;
  }

  /** Completes once the directory has accepted every route registered so far. */
  public final Future<Void> registered() {
    return Future.all(new ArrayList<>(registrations)).mapEmpty();
  }

  /** One line saying what it is and where, e.g. {@code manifold //127.0.0.1/inbox on 127.0.0.1:5820}. */
  public String description() {
    return type + " " + address() + " on " + host() + ":" + port();
  }

  /** What kind of service it is, e.g. {@code manifold}. */
  public final String type() {
    return type;
  }

  /** The port listened on. */
  public final int port() {
    return listener.port();
  }

  /** The host listened on, as registered with the directory. */
  public final String host() {
    return options.host();
  }

  /** The directory this service registers with. */
  public final Address directory() {
    return directory;
  }

  /** The agent's address. */
  public final Address agentAddress() {
    return agent.address();
  }

  /** Its management node, for subclasses to add the operations on what they hold. */
  protected final ManagementNode management() {
    return management;
  }

  /** Links to other services. */
  protected final Linker linker() {
    return linker;
  }

  /** The Vert.x context (and so the event loop) the service runs on. */
  public final Context eventLoop() {
    return context;
  }

  /** Stops the service: its routes go from the directory at once. */
  public final Future<Void> close() {
    return vertx.undeploy(deploymentID());
  }

  /** The path a peer's link asked for, or null (after refusing it) when it is not an address. */
  protected static String pathOf(AmqpLink<?> link) {
    try {
      return Address.pathOf(link.address());
    } catch (InvalidAddressException e) {
      link.refuse(new ErrorCondition(AmqpError.INVALID_FIELD, e.getMessage()));
      return null;
    }
  }

  /**
   * The path a peer's link asked for when {@code served} {@linkplain Address#covers covers} it;
   * otherwise null, after refusing the link ({@code amqp:not-found} naming what is served here, or
   * {@code amqp:invalid-field} for no address at all).
   */
  protected static String servedPath(AmqpLink<?> link, Address served) {
    String path = pathOf(link);
    if (path != null && !served.covers(path)) {
      link.refuse(new ErrorCondition(AmqpError.NOT_FOUND, "this service serves " + served + " and below, not "
          + link.address()));
      return null;
    }
    return path;
  }

  private boolean isForAgent(AmqpLink<?> link) {
    try {
      return agent != null && agent.address().path().equals(Address.pathOf(link.address()));
    } catch (InvalidAddressException e) {
      return false; // onSenderOpen refuses it, saying why
    }
  }

  private void serve(AmqpConnection connection) {
    connection.senderOpenHandler(link -> {
      if (isForAgent(link)) {
        agent.subscribe(link);
      } else if (ManagementNode.isReplyLink(link)) {
        management.serveReplies(link);
      } else {
        onSenderOpen(link);
      }
    });
    connection.receiverOpenHandler(link -> {
      if (ManagementNode.isRequestLink(link)) {
        management.serveRequests(link);
      } else {
        onReceiverOpen(link);
      }
    });
  }
}
