package dev.barker.manifold.directory;

import dev.barker.manifold.RouteTarget;
import java.util.List;

/**
 * Chooses which instance of a route gets a new link. One instance is made per route (so it may keep
 * state, such as a round-robin position); implementations are found with {@link java.util.ServiceLoader}
 * and named by {@link #name()}: list yours in {@code META-INF/services/dev.barker.manifold.directory.RoutingPolicy}.
 */
public interface RoutingPolicy {

  /** The name registrations use to ask for this policy, e.g. {@code round-robin}. */
  String name();

  /**
   * The target for a new link to {@code address}.
   *
   * @param address the address the link asked for (a sub-address of the route, or the route itself)
   * @param targets the live registrations' targets, oldest first; never empty
   */
  RouteTarget choose(String address, List<RouteTarget> targets);

  /**
   * True when {@link #choose} depends only on its arguments, so a client can tell from a route
   * change alone whether its link should move (as with {@code ordered} and {@code consistent}).
   */
  default boolean isDeterministic() {
    return false;
  }
}
