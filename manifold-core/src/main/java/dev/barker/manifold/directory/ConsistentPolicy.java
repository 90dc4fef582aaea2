package dev.barker.manifold.directory;

import dev.barker.manifold.Address;
import dev.barker.manifold.RouteTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code consistent}: the same address always goes to the same instance, and adding or removing
 * one of n instances moves only about 1/n of the addresses. Rendezvous (highest random weight)
 * hashing: each address picks the instance whose hash with it is highest. A dead-letter stream
 * ({@code .../dead}) goes where the stream it belongs to goes ({@link Address#streamOf}): that is
 * the manifold that keeps it.
 */
public final class ConsistentPolicy implements RoutingPolicy {

  @Override
  public String name() {
    return "consistent";
  }

  @Override
  public RouteTarget choose(String address, List<RouteTarget> targets) {
    RouteTarget best = null;
    long bestWeight = 0;
    String stream = Address.streamOf(address);
    for (RouteTarget target : targets) {
      long weight = weight(stream, target);
      if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
        best = target;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** FNV-1a over address and instance, then the SplitMix64 finaliser to spread the bits. */
  static long weight(String address, RouteTarget target) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (address + "\n" + target.authority()).getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    return hash ^ (hash >>> 31);
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
