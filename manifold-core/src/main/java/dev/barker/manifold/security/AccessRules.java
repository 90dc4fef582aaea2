package dev.barker.manifold.security;

import dev.barker.manifold.Address;
import dev.barker.manifold.InvalidAddressException;
import dev.barker.manifold.engine.Admission;
import dev.barker.manifold.engine.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What each role may attach to, and register routes for, by address path: {@code {"user":
 * {"send": ["/outbox/{name}"], "receive": ["/inbox/{name}"]}, "bizlogic": {"route":
 * ["/bizlogic"]}, ...}}. {@code {name}} stands for the principal's name, a trailing {@code /**} for
 * the path and everything under it. A link is allowed when any of the principal's roles grants its
 * direction and path, a route when one grants {@code route} for its address; nothing else is. So a
 * route more specific than one a role may register ({@code /inbox/rdl} under {@code /inbox}) needs
 * a grant of its own ({@code /inbox/**}).
 */
public final class AccessRules implements Admission {

  private final Map<String, Grants> roles;

  private record Grants(List<String> send, List<String> receive, List<String> route) {
  }

  private AccessRules(Map<String, Grants> roles) {
    this.roles = roles;
  }

  /** Rules from JSON as above; fails naming what is wrong. */
  public static AccessRules parse(JsonObject json) {
    Map<String, Grants> roles = new HashMap<>();
    json.forEach(entry -> {
      if (!(entry.getValue() instanceof JsonObject grants)) {
        throw new IllegalArgumentException("role " + entry.getKey()
            + " must map to {\"send\": [...], \"receive\": [...], \"route\": [...]}");
      }
      roles.put(entry.getKey(), new Grants(patterns(grants, "send"), patterns(grants, "receive"),
          patterns(grants, "route")));
    });
    return new AccessRules(Map.copyOf(roles));
  }

  /** The roles these rules name. */
  public Set<String> roles() {
    return new TreeSet<>(roles.keySet());
  }

  /** Rules from a JSON file; fails with a message naming the file. */
  public static AccessRules load(Path file) {
    try {
      return parse(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read access rules " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String denial(Principal principal, boolean sending, String address) {
    return check(principal, address, sending ? Grants::send : Grants::receive,
        sending ? "send to " : "receive from ");
  }

  @Override
  public String routeDenial(Principal principal, String address) {
    return check(principal, address, Grants::route, "register a route for ");
  }

  private String check(Principal principal, String address, Function<Grants, List<String>> direction, String doing) {
    String path;
    try {
      path = address != null && address.startsWith("//") ? Address.parse(address).path() : address;
    } catch (InvalidAddressException malformed) {
      return malformed.getMessage(); // a link to no address may be attached by no one
    }
    for (String role : principal.roles()) {
      Grants grants = roles.get(role);
      if (grants != null && direction.apply(grants).stream()
          .anyMatch(pattern -> matches(pattern.replace("{name}", principal.name()), path))) {
        return null;
      }
    }
    return principal.name() + " (roles " + new TreeSet<>(principal.roles()) + ") may not " + doing + address;
  }

  private static boolean matches(String pattern, String path) {
    if (path == null) {
      return false;
    }
    if (pattern.endsWith("/**")) {
      String prefix = pattern.substring(0, pattern.length() - 3);
      return path.equals(prefix) || path.startsWith(prefix + "/") || prefix.isEmpty();
    }
    return path.equals(pattern);
  }

  private static List<String> patterns(JsonObject grants, String direction) {
    List<String> patterns = new ArrayList<>();
    for (Object pattern : grants.getJsonArray(direction, new JsonArray())) {
      patterns.add(String.valueOf(pattern));
    }
    return List.copyOf(patterns);
  }
}
