package dev.barker.manifold;

import java.util.Arrays;
import java.util.List;

/**
 * Where a route sends links: the {@code host} and {@code port} of a service instance and, when it
 * serves the route under another name, the {@code address} to attach to there (else null: the
 * link's own address).
 */
public record RouteTarget(String host, int port, String address) {

  /** An instance serving the route's own address. */
  public static RouteTarget of(String host, int port) {
    return new RouteTarget(host, port, null);
  }

  /** {@code host:port}. */
  public String authority() {
    return host + ":" + port;
  }

  /** The wire form: {@code [host, port, address]}. */
  public List<Object> toList() {
    return Arrays.asList(host, port, address);
  }

  /**
   * Reads the wire form {@code [host, port, addressOrNull]}.
   *
   * @throws InvalidRouteException naming the field that is wrong
   */
  public static RouteTarget fromList(Object value) {
    if (!(value instanceof List<?> list) || list.size() != 3) {
      throw new InvalidRouteException("target must be a list [host, port, addressOrNull], got " + value);
    }
    if (!(list.get(0) instanceof String host) || host.isEmpty()) {
      throw new InvalidRouteException("target host must be a non-empty string, got " + list.get(0));
    }
    int port = port(list.get(1));
    Object address = list.get(2);
    if (address != null && !(address instanceof String)) {
      throw new InvalidRouteException("target address must be a string or null, got " + address);
    }
    return new RouteTarget(host, port, (String) address);
  }

  /** A number, or a numeric string as the original Datawire tether sent it ({@code "5680"}). */
  private static int port(Object value) {
    long port = value instanceof Number number ? number.longValue()
        : value instanceof String text && text.matches("\\d{1,5}") ? Long.parseLong(text) : -1;
    if (port >= 1 && port <= 65535) {
      return (int) port;
    }
    throw new InvalidRouteException("target port must be a number 1..65535, or one as a string, got " + value);
  }

  @Override
  public String toString() {
    return authority() + (address == null ? "" : " " + address);
  }
}
