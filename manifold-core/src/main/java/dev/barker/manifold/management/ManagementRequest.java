package dev.barker.manifold.management;

import dev.barker.manifold.engine.Principal;
import java.util.Map;

/**
 * One management request as its handler sees it: the operation, type and name it names, its
 * arguments, who asked (null without logins) and from where.
 */
public record ManagementRequest(String operation, String type, String name, Map<String, Object> arguments,
    Principal principal, String peer) {

  /** Argument {@code key} as a string, or {@code otherwise} when absent. */
  public String text(String key, String otherwise) {
    Object value = arguments.get(key);
    return value == null ? otherwise : String.valueOf(value);
  }

  /**
   * Argument {@code key} as an int within {@code min} and {@code max}, or {@code otherwise} when absent.
   *
   * @throws ManagementException (400) when it is not a whole number in range
   */
  public int number(String key, int otherwise, int min, int max) {
    Object value = arguments.get(key);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || number.longValue() < min || number.longValue() > max) {
      throw new ManagementException(400, "argument " + key + " must be a whole number from " + min + " to " + max
          + ", not " + value);
    }
    return number.intValue();
  }

  /** Who asked, for the log: the principal's name, or the peer's address without logins. */
  public String who() {
    return principal == null ? "an anonymous peer at " + peer : principal.name() + " at " + peer;
  }
}
