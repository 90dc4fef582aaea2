package dev.barker.monitoring;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.agent.AgentMetrics;
import dev.barker.manifold.agent.AgentReport;
import dev.barker.manifold.directory.Routes;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.HttpGetHandler;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.Receiver;
import dev.barker.manifold.management.Management;
import dev.barker.manifold.management.ManagementException;
import dev.barker.manifold.management.ManagementRequest;
import dev.barker.manifold.node.HealthEndpoints;
import dev.barker.manifold.node.Service;
import dev.barker.manifold.web.PageServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor: follows the directory's route stream, subscribes to every agent it names, and once a
 * second publishes at {@code //HOST/monitor} the latest report of every service (with its name,
 * instance, up/down, role: active or standby under an {@code ordered} route, and restarts). A
 * service that goes stays listed, down, until it comes back. Over HTTP it serves the dashboard
 * ({@code /monitoring/}), {@code /metrics} (every service's figures, Prometheus or OpenMetrics),
 * {@code /health} (200 only while every service it knows is up) and its own
 * {@code /health/live} and {@code /health/ready}.
 */
public final class Monitor extends Service {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  private static final long PUBLISH_MILLIS = 1_000;

  private final MonitorOptions options;
  /** Management type: a service the monitor lists; {@code DELETE} one that is down to forget it. */
  static final String MONITORED = "monitored-service";
  /** Key of the published map: every service's row. */
  static final String SERVICES = "services";
  /** Key of the published map: the alerts, critical first. */
  static final String ALERTS = "alerts";

  private final Map<String, ServiceStatus> statuses = new TreeMap<>();
  private final Alerts alerts = new Alerts();
  private final Map<String, Receiver> agentLinks = new HashMap<>();
  private final Map<String, RouteState> routes = new HashMap<>();
  private final List<AmqpSender> subscribers = new ArrayList<>();
  private final AgentMetrics metrics = new AgentMetrics(this::rows)
      .gauge("barker_up", "1 while the service is registered and reporting, else 0", ServiceStatus.UP)
      .counter("barker_restarts", "Times the monitor saw the service's process start again", ServiceStatus.RESTARTS);
  private PageServer pages;

  private Monitor(MonitorOptions options) {
    super("monitor", options.service(), options.directory());
    this.options = options;
  }

  /** Starts the monitor on its own event loop. */
  public static Future<Monitor> start(Vertx vertx, MonitorOptions options) {
    return deploy(vertx, new Monitor(options));
  }

  @Override
  public Address address() {
    return directory().withPath("/monitor");
  }

  /** The dashboard's URL. */
  public String dashboardUrl() {
    return pages.url() + "monitoring/";
  }

  /** The HTTP port (dashboard, /metrics, /health). */
  public int httpPort() {
    return pages.port();
  }

  @Override
  protected Future<?> onStart() {
    new Routes(linker(), directory()).changeHandler(this::onRouteChanged);
    management().operation(MONITORED, Management.DELETE, Management.ADMIN, this::forget);
    vertx.setPeriodic(PUBLISH_MILLIS, id -> publish());
    register(address(), "ordered");
    // the dashboard subscribes to this monitor itself, not to whichever the directory names first
    JsonObject pageConfig = new JsonObject().put("monitor", Address.of(host(), port(), address().path()).toString());
    HealthEndpoints endpoints = new HealthEndpoints(this::notReadyBecause, metrics);
    return PageServer.start(vertx, host(), options.httpPort(), directory(), options.service().security(), pageConfig,
        router -> {
      router.get("/").handler(context -> context.redirect("/monitoring/"));
      for (String path : List.of(HealthEndpoints.METRICS, HealthEndpoints.LIVE, HealthEndpoints.READY)) {
        router.get(path).handler(context -> {
          HttpGetHandler.Response response = endpoints.get(path, context.request().getHeader("Accept"));
          context.response().setStatusCode(response.status()).putHeader("Content-Type", response.contentType())
              .end(Buffer.buffer(response.body()));
        });
      }
      router.get("/health").handler(context -> {
        JsonObject health = health();
        context.response().setStatusCode("UP".equals(health.getString("status")) ? 200 : 503);
        context.json(health);
      });
      router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    }).onSuccess(started -> {
      pages = started;
      LOG.info("dashboard at {}", dashboardUrl());
    });
  }

  @Override
  protected Future<?> onStop() {
    return pages == null ? Future.succeededFuture() : pages.close();
  }

  @Override
  protected void onSenderOpen(AmqpSender link) {
    if (servedPath(link, address()) != null) {
      subscribers.add(link);
      link.closeHandler(condition -> subscribers.remove(link));
      link.open();
    }
  }

  @Override
  protected Map<String, Object> stats() {
    return Map.of(AgentReport.MONITOR_SERVICES, statuses.size());
  }

  /** Every service as a dashboard row, oldest registration first within an address. */
  List<Map<String, Object>> rows() {
    long now = System.currentTimeMillis();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ServiceStatus status : statuses.values()) {
      if (!status.report.isEmpty()) {
        rows.add(status.toMap(now, role(status)));
      }
    }
    return rows;
  }

  private void onRouteChanged(RouteState route) {
    String path = Address.parse(route.address()).path();
    if (!AgentReport.isAgentPath(path)) {
      if (route.isGone()) {
        routes.remove(path);
      } else {
        routes.put(path, route);
      }
      return;
    }
    ServiceStatus status = statuses.computeIfAbsent(route.address(),
        agent -> new ServiceStatus(agent, AgentReport.instanceOf(path)));
    if (route.isGone()) {
      status.goneSinceMillis = System.currentTimeMillis();
      Receiver link = agentLinks.remove(route.address());
      if (link != null) {
        link.close();
      }
    } else if (!agentLinks.containsKey(route.address())) {
      status.goneSinceMillis = 0;
      agentLinks.put(route.address(), linker().receiver(route.address(), delivery -> onReport(status, delivery)));
    }
  }

  @SuppressWarnings("unchecked")
  private void onReport(ServiceStatus status, Delivery delivery) {
    try {
      if (delivery.message().getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> report) {
        status.report((Map<String, Object>) report, System.currentTimeMillis());
        statuses.putIfAbsent(status.agent, status); // one an operator removed while it was silent is back
      }
    } catch (RuntimeException e) {
      LOG.warn("ignoring an unreadable report from {}: {}", status.agent, e.toString());
    }
    delivery.accept();
  }

  /** {@code active} or {@code standby} under an ordered route; {@code active} under any other policy. */
  private String role(ServiceStatus status) {
    Object address = status.report.get(AgentReport.ADDRESS);
    RouteState route = address == null ? null : routes.get(Address.parse(String.valueOf(address)).path());
    if (route == null || !"ordered".equals(route.policy())) {
      return "active";
    }
    List<RouteTarget> targets = route.targets();
    return !targets.isEmpty() && targets.get(0).authority().equals(status.instance) ? "active" : "standby";
  }

  private void publish() {
    List<Map<String, Object>> rows = rows();
    Map<String, Object> published = new LinkedHashMap<>();
    published.put(SERVICES, rows);
    published.put(ALERTS, alerts.update(rows, System.currentTimeMillis()));
    Message message = Message.Factory.create();
    message.setSubject("monitor");
    message.setBody(new AmqpValue(published));
    byte[] encoded = MessageCodec.encode(message);
    for (AmqpSender subscriber : subscribers) {
      if (subscriber.isSendable()) {
        subscriber.sendPresettled(encoded); // only the latest matters: a subscriber without credit skips one
      }
    }
    meter.outgoing(subscribers.size());
  }

  /** Forgets a service that is down (an operator's call: it will not come back), named by its agent address or name. */
  private Map<String, Object> forget(ManagementRequest request) {
    long now = System.currentTimeMillis();
    ServiceStatus status = statuses.values().stream()
        .filter(s -> s.agent.equals(request.name()) || s.name().equals(request.name())).findFirst()
        .orElseThrow(() -> new ManagementException(404, "the monitor lists no service " + request.name()));
    if (status.isUp(now)) {
      throw new ManagementException(409, status.name() + " is up: only a service that is down can be removed");
    }
    statuses.remove(status.agent);
    LOG.info("{} removed {} ({}) from the monitor's list", request.who(), status.name(), status.instance);
    return Map.of("removed", status.name());
  }

  /** UP while every service it knows of is up and none fails; else DOWN, naming those down and those failing. */
  private JsonObject health() {
    long now = System.currentTimeMillis();
    JsonArray down = new JsonArray();
    JsonArray failing = new JsonArray();
    List<ServiceStatus> known = statuses.values().stream().filter(status -> !status.report.isEmpty()).toList();
    for (ServiceStatus status : known) {
      Object failure = status.report.get(AgentReport.MANIFOLD_STORE_FAILURE);
      if (!status.isUp(now)) {
        down.add(status.name() + " (" + status.instance + ")");
      } else if (failure != null) {
        failing.add(status.name() + " (" + status.instance + "): " + failure);
      }
    }
    return new JsonObject().put("status", down.isEmpty() && failing.isEmpty() ? "UP" : "DOWN")
        .put("services", known.size()).put("up", known.size() - down.size()).put("down", down).put("failing", failing);
  }
}
