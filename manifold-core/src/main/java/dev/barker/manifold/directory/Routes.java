package dev.barker.manifold.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.InvalidRouteException;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Receiver;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live copy of a directory's routes, kept by its route stream: a snapshot first, then every
 * change. After the directory restarts, the next snapshot replaces the copy, and routes it no
 * longer has are reported gone.
 */
public final class Routes {

  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  private final Receiver receiver;
  private final Map<String, RouteState> current = new ConcurrentSkipListMap<>();
  private final Promise<Void> synced = Promise.promise();
  private Set<String> seenSinceLinked;
  private Handler<RouteState> changeHandler = change -> { };

  /** Follows the route stream of the directory responsible for {@code anyAddressOfTheDirectory}. */
  public Routes(Linker linker, Address anyAddressOfTheDirectory) {
    this.receiver = linker.receiver(anyAddressOfTheDirectory.directory(), this::onMessage);
    receiver.linkedHandler(link -> seenSinceLinked = new HashSet<>());
  }

  /** Called with each route that changed (one with no registrations is gone). */
  public Routes changeHandler(Handler<RouteState> handler) {
    this.changeHandler = handler;
    return this;
  }

  /** Completes once the first snapshot has arrived. */
  public Future<Void> synced() {
    return synced.future();
  }

  /** Called with the reason each time the route stream cannot be (re-)attached. */
  public Routes errorHandler(Handler<Throwable> handler) {
    receiver.errorHandler(handler);
    return this;
  }

  /** The routes now, sorted by address; safe to call from any thread. */
  public Map<String, RouteState> snapshot() {
    return new TreeMap<>(current);
  }

  /** Stops following. */
  public Future<Void> close() {
    return receiver.close();
  }

  private void onMessage(Delivery delivery) {
    try {
      Message message = delivery.message();
      if (RouteState.SYNCED.equals(message.getSubject())) {
        onSynced();
      } else if (RouteState.SUBJECT.equals(message.getSubject())) {
        apply(RouteState.fromMessage(message));
      }
      delivery.accept();
    } catch (InvalidRouteException | DecodeException e) {
      LOG.warn("ignoring a malformed route change from {}: {}", receiver.address(), e.getMessage());
      delivery.reject(new ErrorCondition(AmqpError.DECODE_ERROR, e.getMessage()));
    }
  }

  private void apply(RouteState state) {
    if (seenSinceLinked != null) {
      seenSinceLinked.add(state.address());
    }
    RouteState before = state.isGone() ? current.remove(state.address()) : current.put(state.address(), state);
    if (!state.equals(before) && !(state.isGone() && before == null)) {
      changeHandler.handle(state);
    }
  }

  private void onSynced() {
    if (seenSinceLinked != null) {
      List<String> vanished = new ArrayList<>(current.keySet());
      vanished.removeAll(seenSinceLinked);
      for (String address : vanished) {
        RouteState gone = current.get(address);
        apply(new RouteState(address, gone.policy(), List.of()));
      }
      seenSinceLinked = null;
    }
    synced.tryComplete();
  }
}
