package dev.barker.manifold.engine;

import java.util.Set;

/** Who a connection authenticated as, and the roles that decide what its links may do. */
public record Principal(String name, Set<String> roles) {

  /** A principal with {@code roles} (copied). */
  public Principal {
    roles = Set.copyOf(roles);
  }
}
