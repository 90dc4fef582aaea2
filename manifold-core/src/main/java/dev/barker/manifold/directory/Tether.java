package dev.barker.manifold.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Sender;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a service's routes registered with its directory. Routes live as long as the tether's link:
 * if the service dies they vanish; if the directory restarts, the tether relinks and registers
 * every route again.
 */
public final class Tether {

  private final Linker linker;
  private final Sender sender;
  private final Map<Route, Promise<Void>> routes = new LinkedHashMap<>();

  /** A tether to the directory responsible for {@code anyAddressOfTheDirectory}. */
  public Tether(Linker linker, Address anyAddressOfTheDirectory) {
    this.linker = linker;
    this.sender = linker.newSender(anyAddressOfTheDirectory.directory(), null);
    sender.linkedHandler(link -> routes.keySet().forEach(this::register));
  }

  /**
   * Registers {@code route}, now and after every reconnect. The future succeeds when the directory
   * first accepts it, and fails if the directory rejects it as invalid.
   */
  public Future<Void> route(Route route) {
    Promise<Void> accepted = Promise.promise();
    linker.execute(() -> {
      routes.put(route, accepted);
      if (sender.isLinked()) {
        register(route);
      }
    });
    return accepted.future();
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
    return sender.close();
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
        accepted.tryFail(refused);
      }
    });
  }
}
