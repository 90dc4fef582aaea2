package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.InvalidAddressException;
import dev.barker.manifold.InvalidRouteException;
import dev.barker.manifold.Redirect;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.engine.Admission;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory: services register routes on {@code //HOST/directory}; every other link is
 * answered with {@code amqp:link:redirect} to the instance the route's policy picks, or
 * {@code amqp:not-found}. A route lives as long as the link that registered it. A receiver from
 * {@code //HOST/directory} gets the route stream. Keeps nothing on disk: tethers register again
 * when it comes back. Like every service it publishes an agent, registered with itself.
 */
public final class Directory extends Service {

  private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
  /** Registrations one link may have in flight. */
  private static final int REGISTRATION_WINDOW = 100;

  private final DirectoryOptions options;
  private final RouteFeed feed = new RouteFeed();
  private final RouteTable routes = new RouteTable(
      registrant -> ((AmqpLink<?>) registrant).connection(), this::onRouteChanged);

  private Directory(DirectoryOptions options) {
    super("directory", options.service(), null);
    this.options = options;
  }

  /** Starts a directory on its own event loop. */
  public static Future<Directory> start(Vertx vertx, DirectoryOptions options) {
    return deploy(vertx, new Directory(options));
  }

  /** Starts a directory listening as {@code service} says, with the other settings at their defaults. */
  public static Future<Directory> start(Vertx vertx, ServiceOptions service) {
    return start(vertx, new DirectoryOptions(service));
  }

  /** Its own address, {@code //HOST:PORT/directory}. */
  @Override
  public Address address() {
    return directory();
  }

  @Override
  protected Future<?> onStart() {
    LOG.info("directory listening on {}:{}", host(), port());
    return Future.succeededFuture();
  }

  /** The routes now. */
  public Future<List<RouteState>> routes() {
    return Future.future(promise -> context.runOnContext(v -> promise.complete(routes.states())));
  }

  @Override
  protected void onReceiverOpen(AmqpReceiver link) {
    if (isDirectory(link)) {
      link.handler(delivery -> onRegistration(link, delivery))
          .closeHandler(condition -> routes.removeAll(link))
          .window(REGISTRATION_WINDOW);
      link.open();
    } else {
      redirect(link);
    }
  }

  @Override
  protected void onSenderOpen(AmqpSender link) {
    if (isDirectory(link)) {
      feed.subscribe(link, routes.states());
    } else {
      redirect(link);
    }
  }

  private void onRegistration(AmqpReceiver link, Delivery delivery) {
    try {
      Message message = delivery.message();
      String opcode = Route.opcodeOf(message);
      if (Route.ROUTE.equals(opcode)) {
        Route route = Route.fromRouteMessage(message);
        if (Address.parse(route.address()).path().equals(Address.DIRECTORY_PATH)) {
          throw new InvalidRouteException("address " + route.address() + " is the directory's own");
        }
        String denied = routeDenial(link, route);
        if (denied != null) {
          LOG.warn("refused a registration from {}: {}", connectionOf(link), denied);
          delivery.reject(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, denied));
          return;
        }
        if (!routes.isRegistered(route, link) && routes.count(link.connection()) >= options.maxRoutes()) {
          LOG.warn("rejected a registration from {}: over its limit of {} routes", connectionOf(link),
              options.maxRoutes());
          delivery.reject(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
              "at most " + options.maxRoutes() + " routes per connection"));
          return;
        }
        routes.register(route, link);
      } else if (Route.UNROUTE.equals(opcode)) {
        long others = routes.unregister(Route.fromUnrouteMessage(message), registrant -> isSameOwner(link, registrant));
        if (others > 0) {
          String denied = others + " matching registration(s) belong to another " + (principalOf(link) == null
              ? "connection" : "principal") + "; only who registered a route may remove it";
          LOG.warn("refused an unroute from {}: {}", connectionOf(link), denied);
          delivery.reject(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, denied));
          return;
        }
      } else {
        throw new InvalidRouteException("application property opcode must be 'route' or 'unroute', got " + opcode);
      }
      delivery.accept();
    } catch (IllegalArgumentException | DecodeException e) {
      LOG.warn("rejected a registration from {}: {}", connectionOf(link), e.getMessage());
      delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, e.getMessage()));
    }
  }

  private void redirect(AmqpLink<?> link) {
    String address = link.address();
    String path = pathOf(link);
    if (path == null) {
      return;
    }
    RouteTable.Match match = routes.lookup(path, address);
    if (match == null) {
      link.refuse(new ErrorCondition(AmqpError.NOT_FOUND, "no route for address " + address));
      return;
    }
    Redirect redirect = new Redirect(match.target().host(), match.target().port(), match.redirectAddress());
    link.refuse(redirect.toCondition(address + " is served at " + redirect.authority()
        + " (route " + match.route().address + ", policy " + match.route().policy.name() + ")"));
  }

  private void onRouteChanged(RouteState state) {
    LOG.info("route {}", state.isGone() ? state.address() + " gone" : state);
    feed.publish(state);
  }

  /**
   * Without logins, a route belongs to the connection that registered it; with them, to the
   * principal, whichever of its connections registered it.
   */
  private static boolean isSameOwner(AmqpReceiver requester, Object registrant) {
    AmqpConnection registeredOn = ((AmqpLink<?>) registrant).connection();
    Principal principal = principalOf(requester);
    return registeredOn == requester.connection()
        || principal != null && registeredOn.principal() != null && principal.name().equals(registeredOn.principal().name());
  }

  /** Why the peer may not register {@code route}, or null: the listener's admission decides (none: anyone may). */
  private String routeDenial(AmqpReceiver link, Route route) {
    Admission admission = options.service().engine().admission();
    Principal principal = principalOf(link);
    return admission == null || principal == null ? null : admission.routeDenial(principal, route.address());
  }

  private static Principal principalOf(AmqpLink<?> link) {
    return link.connection().principal();
  }

  private static boolean isDirectory(AmqpLink<?> link) {
    try {
      return Address.DIRECTORY_PATH.equals(Address.pathOf(link.address()));
    } catch (InvalidAddressException e) {
      return false;
    }
  }

  private static String connectionOf(AmqpLink<?> link) {
    return link.connection().peer();
  }
}
