package dev.barker.manifold.node;

import dev.barker.manifold.RouteState;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MessageCodec;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The route stream: each subscriber gets a snapshot of every route, a {@code synced} marker, then
 * every change. Changes wait for the subscriber's credit, coalesced per address (only the latest
 * state of a route matters), so a stalled subscriber costs at most one message per route.
 */
final class RouteFeed {

  private static final String SYNCED_KEY = "\u0000synced";
  private static final byte[] SYNCED = MessageCodec.encode(RouteState.syncedMessage());

  private final Map<AmqpSender, LinkedHashMap<String, byte[]>> subscribers = new LinkedHashMap<>();

  /** Starts feeding {@code subscriber}: the snapshot, then changes. */
  void subscribe(AmqpSender subscriber, Collection<RouteState> snapshot) {
    LinkedHashMap<String, byte[]> pending = new LinkedHashMap<>();
    for (RouteState state : snapshot) {
      pending.put(state.address(), MessageCodec.encode(state.toMessage()));
    }
    pending.put(SYNCED_KEY, SYNCED);
    subscribers.put(subscriber, pending);
    subscriber.sendableHandler(this::drain);
    subscriber.closeHandler(condition -> subscribers.remove(subscriber));
    subscriber.open();
  }

  /** Tells every subscriber about a changed route. */
  void publish(RouteState state) {
    byte[] encoded = MessageCodec.encode(state.toMessage());
    subscribers.forEach((subscriber, pending) -> {
      pending.put(state.address(), encoded);
      drain(subscriber);
    });
  }

  private void drain(AmqpSender subscriber) {
    LinkedHashMap<String, byte[]> pending = subscribers.get(subscriber);
    if (pending == null) {
      return;
    }
    Iterator<byte[]> next = pending.values().iterator();
    while (subscriber.isSendable() && next.hasNext()) {
      subscriber.sendPresettled(next.next());
      next.remove();
    }
  }
}
