package dev.barker.manifold.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Sender;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a service's routes registered with its directory. Routes live as long as the tether's link:
 * if the service dies they vanish; if the directory restarts, the tether relinks and registers
 * every route again; and it follows the route stream, so a registration of its that disappears
 * while it is linked (removed by its owner's other links, or by an operator) is made again at once.
 */
public final class Tether {

  private final Linker linker;
  private final Sender sender;
  private final Map<Route, Promise<Void>> routes = new LinkedHashMap<>();
  /** The routes by path, so a change is matched with the routes it concerns, not with all of them. */
  private final Map<String, List<Route>> byPath = new HashMap<>();
  private final Routes stream;

  /** A tether to the directory responsible for {@code anyAddressOfTheDirectory}. */
  public Tether(Linker linker, Address anyAddressOfTheDirectory) {
    this.linker = linker;
    this.sender = linker.newSender(anyAddressOfTheDirectory.directory(), null);
    sender.linkedHandler(link -> routes.keySet().forEach(this::register));
    this.stream = new Routes(linker, anyAddressOfTheDirectory).changeHandler(this::onRouteChanged);
  }

  /**
   * Registers {@code route}, now and after every reconnect. The future succeeds when the directory
   * first accepts it, and fails if the directory rejects it as invalid.
   */
  public Future<Void> route(Route route) {
    Promise<Void> accepted = Promise.promise();
    linker.execute(() -> {
      if (routes.put(route, accepted) == null) {
        byPath.computeIfAbsent(pathOf(route.address()), path -> new ArrayList<>()).add(route);
      }
      if (sender.isLinked()) {
        register(route);
      }
    });
    return accepted.future();
  }

  /** Told why, each time the link to the directory cannot be made (it is tried again). */
  public Tether troubleHandler(Handler<Throwable> handler) {
    sender.errorHandler(handler);
    return this;
  }

  /** The routes registered through this tether. */
  public List<Route> routes() {
    return List.copyOf(routes.keySet());
  }

  /** True while linked to the directory (so its routes are live). */
  public boolean isLinked() {
    return sender.isLinked();
  }

  /** Detaches from the directory, which drops every route of this tether at once. */
  public Future<Void> close() {
    return Future.join(stream.close(), sender.close()).mapEmpty();
  }

  /** Registers again, at once, each route of ours the change shows without our registration. */
  private void onRouteChanged(RouteState state) {
    if (!sender.isLinked()) {
      return; // it registers everything again once linked
    }
    for (Route route : byPath.getOrDefault(pathOf(state.address()), List.of())) {
      if (state.registrations().stream()
          .noneMatch(r -> r.target().equals(route.target()) && Objects.equals(r.owner(), route.owner()))) {
        register(route);
      }
    }
  }

  private static String pathOf(String address) {
    return Address.parse(address).path();
  }

  private void register(Route route) {
    sender.send(route.toMessage()).onComplete(result -> {
      Promise<Void> accepted = routes.get(route);
      if (accepted == null) {
        return;
      }
      if (result.succeeded()) {
        accepted.tryComplete();
      } else if (result.cause() instanceof DeliveryException refused && refused.isRejected()) {
        routes.remove(route); // invalid: sending it again would be rejected again
        byPath.computeIfPresent(pathOf(route.address()), (path, list) -> {
          list.remove(route);
          return list.isEmpty() ? null : list;
        });
        accepted.tryFail(refused);
      }
    });
  }
}
