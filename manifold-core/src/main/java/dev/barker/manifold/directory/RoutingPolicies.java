package dev.barker.manifold.directory;

import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds {@link RoutingPolicy} implementations by name through {@link ServiceLoader}. */
public final class RoutingPolicies {

  /** The policy of a route whose first registration names none. */
  public static final String DEFAULT = "random";

  private RoutingPolicies() {
  }

  /**
   * A new instance of the policy called {@code name} ({@link #DEFAULT} when null).
   *
   * @throws IllegalArgumentException naming the known policies when there is none by that name
   */
  public static RoutingPolicy create(String name) {
    String wanted = name == null ? DEFAULT : name;
    TreeSet<String> known = new TreeSet<>();
    for (ServiceLoader.Provider<RoutingPolicy> provider : ServiceLoader.load(RoutingPolicy.class).stream().toList()) {
      RoutingPolicy policy = provider.get();
      if (policy.name().equals(wanted)) {
        return policy;
      }
      known.add(policy.name());
    }
    throw new IllegalArgumentException("unknown routing policy '" + wanted + "'; known: " + String.join(", ", known));
  }
}
