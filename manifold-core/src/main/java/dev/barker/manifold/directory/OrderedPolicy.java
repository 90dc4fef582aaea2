package dev.barker.manifold.directory;

import dev.barker.manifold.RouteTarget;
import java.util.List;

/**
 * {@code ordered}, i.e. failover: the oldest live registration gets every link; the others are
 * standbys, and the next oldest takes over when it goes.
 */
public final class OrderedPolicy implements RoutingPolicy {

  @Override
  public String name() {
    return "ordered";
  }

  @Override
  public RouteTarget choose(String address, List<RouteTarget> targets) {
    return targets.get(0);
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
