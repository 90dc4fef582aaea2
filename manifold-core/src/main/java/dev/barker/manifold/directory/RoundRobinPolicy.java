package dev.barker.manifold.directory;

import dev.barker.manifold.RouteTarget;
import java.util.List;

/** {@code round-robin}: each new link goes to the next instance in registration order. */
public final class RoundRobinPolicy implements RoutingPolicy {

  private long next;

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public RouteTarget choose(String address, List<RouteTarget> targets) {
    return targets.get((int) (next++ % targets.size()));
  }
}
