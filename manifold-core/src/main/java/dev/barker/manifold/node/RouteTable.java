package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.Route;
import dev.barker.manifold.RouteState;
import dev.barker.manifold.RouteTarget;
import dev.barker.manifold.directory.RoutingPolicies;
import dev.barker.manifold.directory.RoutingPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The directory's routes, keyed by path: who registered what, through which link, in what order.
 * Every change is reported to the listener as the route's new {@link RouteState}. Registrations are
 * counted by holder (the directory's: the registrant's connection), so a limit costs nothing to check.
 */
final class RouteTable {

  /** A link's lookup result: the route that matched and the target its policy picked. */
  record Match(Entry route, RouteTarget target, String redirectAddress) {
  }

  private record Registration(RouteTarget target, String owner, Object registrant) {
  }

  /** One route: its address as first registered, its policy, and its live registrations. */
  static final class Entry {
    final String address;
    final String path;
    final RoutingPolicy policy;
    final List<Registration> registrations = new ArrayList<>();

    Entry(String address, String path, RoutingPolicy policy) {
      this.address = address;
      this.path = path;
      this.policy = policy;
    }

    RouteState state() {
      return new RouteState(address, policy.name(), registrations.stream()
          .map(r -> new RouteState.Registration(r.target(), r.owner())).toList());
    }
  }

  private final Map<String, Entry> byPath = new HashMap<>();
  private final Map<Object, Integer> countByHolder = new HashMap<>();
  private final Function<Object, Object> holderOf;
  private final Consumer<RouteState> onChange;

  RouteTable(Function<Object, Object> holderOf, Consumer<RouteState> onChange) {
    this.holderOf = holderOf;
    this.onChange = onChange;
  }

  /**
   * Adds {@code route} for {@code registrant} (the link that sent it); the same registration twice
   * is one.
   *
   * @throws IllegalArgumentException when a new route names an unknown policy
   */
  void register(Route route, Object registrant) {
    String path = Address.parse(route.address()).path();
    Entry entry = byPath.get(path);
    if (entry == null) {
      entry = new Entry(route.address(), path, RoutingPolicies.create(route.policy()));
      byPath.put(path, entry);
    }
    Registration registration = new Registration(route.target(), route.owner(), registrant);
    if (!entry.registrations.contains(registration)) {
      entry.registrations.add(registration);
      countByHolder.merge(holderOf.apply(registrant), 1, Integer::sum);
      onChange.accept(entry.state());
    }
  }

  /** True when {@code route} is registered through {@code registrant} already. */
  boolean isRegistered(Route route, Object registrant) {
    Entry entry = byPath.get(Address.parse(route.address()).path());
    return entry != null && entry.registrations.contains(new Registration(route.target(), route.owner(), registrant));
  }

  /** Registrations made through registrants that {@code holder} holds. */
  int count(Object holder) {
    return countByHolder.getOrDefault(holder, 0);
  }

  /**
   * Removes the registrations matching {@code pattern} (null fields match anything) that were made
   * through a registrant {@code mayRemove} accepts; returns how many matching ones it does not.
   */
  long unregister(Route pattern, Predicate<Object> mayRemove) {
    String path = pattern.address() == null ? null : Address.parse(pattern.address()).path();
    Predicate<Registration> matches = r -> (pattern.target() == null || pattern.target().equals(r.target()))
        && (pattern.owner() == null || pattern.owner().equals(r.owner()));
    long refused = byPath.values().stream().filter(entry -> path == null || path.equals(entry.path))
        .flatMap(entry -> entry.registrations.stream())
        .filter(r -> matches.test(r) && !mayRemove.test(r.registrant())).count();
    removeWhere(r -> matches.test(r) && mayRemove.test(r.registrant()), path);
    return refused;
  }

  /** Removes every registration made through {@code registrant}: its link or connection is gone. */
  void removeAll(Object registrant) {
    removeWhere(r -> r.registrant() == registrant, null);
  }

  /** The route serving {@code path} (longest registered ancestor first) and the target chosen for it. */
  Match lookup(String path, String linkAddress) {
    for (String candidate : Address.ancestorPaths(path)) {
      Entry entry = byPath.get(candidate);
      if (entry != null) {
        List<RouteTarget> targets = entry.registrations.stream().map(Registration::target).toList();
        RouteTarget target = entry.policy.choose(path, targets);
        String redirectAddress = target.address() == null
            ? linkAddress : target.address() + path.substring(candidate.length());
        return new Match(entry, target, redirectAddress);
      }
    }
    return null;
  }

  /** Every route now. */
  List<RouteState> states() {
    return byPath.values().stream().map(Entry::state).toList();
  }

  private void removeWhere(Predicate<Registration> doomed, String onlyPath) {
    List<Entry> candidates = onlyPath == null ? new ArrayList<>(byPath.values())
        : byPath.containsKey(onlyPath) ? List.of(byPath.get(onlyPath)) : List.of();
    for (Entry entry : candidates) {
      boolean changed = false;
      for (Iterator<Registration> it = entry.registrations.iterator(); it.hasNext(); ) {
        Registration registration = it.next();
        if (doomed.test(registration)) {
          it.remove();
          countByHolder.computeIfPresent(holderOf.apply(registration.registrant()), (holder, n) -> n == 1 ? null : n - 1);
          changed = true;
        }
      }
      if (changed) {
        if (entry.registrations.isEmpty()) {
          byPath.remove(entry.path);
        }
        onChange.accept(entry.state());
      }
    }
  }
}
