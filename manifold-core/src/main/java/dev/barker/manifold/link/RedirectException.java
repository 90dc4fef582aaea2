package dev.barker.manifold.link;

import dev.barker.manifold.Address;

/** Following redirects for an address went wrong: a loop, or more hops than allowed. */
public final class RedirectException extends RuntimeException {

  /** @param address the address being resolved; @param problem what went wrong, with the hops */
  public RedirectException(Address address, String problem) {
    super("cannot resolve " + address + ": " + problem);
  }
}
