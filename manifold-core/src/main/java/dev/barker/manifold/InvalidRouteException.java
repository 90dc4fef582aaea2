package dev.barker.manifold;

/** A route or route-change message that does not have the documented form; says which field. */
public final class InvalidRouteException extends IllegalArgumentException {

  /** @param problem what is wrong, naming the field */
  public InvalidRouteException(String problem) {
    super(problem);
  }
}
