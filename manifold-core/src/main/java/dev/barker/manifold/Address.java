package dev.barker.manifold;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A manifold address, {@code //HOST[:PORT]/PATH}: {@code HOST:PORT} names the directory responsible
 * for it (port 5672 when omitted) and the path names the service and its sub-address, for example
 * {@code //127.0.0.1/outbox/ark3}.
 */
public final class Address {

  /** The directory port when an address names none. */
  public static final int DEFAULT_PORT = 5672;
  /** Longest address text accepted, so a peer cannot make us store or log megabytes of name. */
  public static final int MAX_LENGTH = 1024;
  /** Path of the directory's own node (registrations and the route stream). */
  public static final String DIRECTORY_PATH = "/directory";
  /** What a manifold appends to a sub-address for the stream of what its push target rejected. */
  public static final String DEAD_LETTERS = "/dead";

  private final String host;
  private final int port;
  private final String path;

  private Address(String host, int port, String path) {
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /**
   * Parses {@code //HOST[:PORT]/PATH}.
   *
   * @throws InvalidAddressException naming what is wrong with the text
   */
  public static Address parse(String text) {
    if (text == null) {
      throw new InvalidAddressException("null", "an address is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidAddressException(text.substring(0, 64) + "...",
          "longer than " + MAX_LENGTH + " characters");
    }
    if (!text.startsWith("//")) {
      throw new InvalidAddressException(text, "must start with //HOST");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
        throw new InvalidAddressException(text, "contains white space or control characters");
      }
    }
    int slash = text.indexOf('/', 2);
    if (slash < 0) {
      throw new InvalidAddressException(text, "has no path after the host (e.g. //HOST/service)");
    }
    String authority = text.substring(2, slash);
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon >= 0 && colon > authority.lastIndexOf(']');
    String host = hasPort ? authority.substring(0, colon) : authority;
    if (host.isEmpty()) {
      throw new InvalidAddressException(text, "has an empty host");
    }
    int port = hasPort ? parsePort(text, authority.substring(colon + 1)) : DEFAULT_PORT;
    return new Address(host, port, text.substring(slash));
  }

  /** An address from its parts; {@code path} must start with a slash. */
  public static Address of(String host, int port, String path) {
    return parse("//" + host + ":" + port + path);
  }

  private static int parsePort(String text, String digits) {
    try {
      int port = Integer.parseInt(digits);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, naming the whole address
    }
    throw new InvalidAddressException(text, "has port '" + digits + "', expected 1..65535");
  }

  /** The directory's host. */
  public String host() {
    return host;
  }

  /** The directory's port. */
  public int port() {
    return port;
  }

  /** The path, always starting with a slash, e.g. {@code /outbox/ark3}. */
  public String path() {
    return path;
  }

  /** The directory node responsible for this address: {@code //HOST:PORT/directory}. */
  public Address directory() {
    return new Address(host, port, DIRECTORY_PATH);
  }

  /** The address below this one, e.g. {@code //h/inbox} child {@code ark3} is {@code //h/inbox/ark3}. */
  public Address child(String name) {
    return parse(toString() + (path.endsWith("/") ? "" : "/") + name);
  }

  /** This address with another path, on the same directory. */
  public Address withPath(String otherPath) {
    return parse("//" + authority() + otherPath);
  }

  /**
   * The paths a lookup tries, longest first: {@code /outbox/ark3}, {@code /outbox/}, {@code /outbox},
   * {@code /}.
   */
  public List<String> ancestorPaths() {
    return ancestorPaths(path);
  }

  /**
   * True when {@code otherPath} is this address's path or below it, as the directory resolves
   * them: {@code //h/bizlogic} covers {@code /bizlogic} and {@code /bizlogic/x}, not {@code /bizlogicX}.
   */
  public boolean covers(String otherPath) {
    return ancestorPaths(otherPath).contains(path);
  }

  /**
   * The stream a path belongs with: itself, or for a dead-letter stream ({@code /outbox/ark3/dead})
   * the stream whose rejects it holds ({@code /outbox/ark3}), so both live on the same instance.
   */
  public static String streamOf(String path) {
    return path.endsWith(DEAD_LETTERS) && path.length() > DEAD_LETTERS.length()
        ? path.substring(0, path.length() - DEAD_LETTERS.length()) : path;
  }

  /** As {@link #ancestorPaths()}, for a bare path. */
  public static List<String> ancestorPaths(String path) {
    List<String> paths = new ArrayList<>();
    String current = path;
    while (!current.isEmpty()) {
      paths.add(current);
      current = current.endsWith("/")
          ? current.substring(0, current.length() - 1)
          : current.substring(0, current.lastIndexOf('/') + 1);
    }
    return paths;
  }

  /**
   * The path of an address as links carry it: {@code //HOST[:PORT]/PATH}, or a bare path (some
   * clients attach to {@code /outbox/ark3} or {@code outbox/ark3}).
   *
   * @throws InvalidAddressException when it is neither
   */
  public static String pathOf(String linkAddress) {
    if (linkAddress == null || linkAddress.isEmpty()) {
      throw new InvalidAddressException(String.valueOf(linkAddress), "a link address is required");
    }
    if (linkAddress.startsWith("//")) {
      return parse(linkAddress).path();
    }
    return parse("//localhost" + (linkAddress.startsWith("/") ? "" : "/") + linkAddress).path();
  }

  /** {@code HOST:PORT}, always with the port. */
  public String authority() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "//" + (port == DEFAULT_PORT ? host : authority()) + path;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address that
        && host.equals(that.host) && port == that.port && path.equals(that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, path);
  }
}
