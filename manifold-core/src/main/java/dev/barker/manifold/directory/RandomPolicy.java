package dev.barker.manifold.directory;

import dev.barker.manifold.RouteTarget;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code random}: any live instance, uniformly. */
public final class RandomPolicy implements RoutingPolicy {

  @Override
  public String name() {
    return "random";
  }

  @Override
  public RouteTarget choose(String address, List<RouteTarget> targets) {
    return targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
  }
}
