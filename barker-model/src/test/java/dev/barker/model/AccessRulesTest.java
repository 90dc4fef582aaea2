package dev.barker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.barker.manifold.engine.Principal;
import dev.barker.manifold.security.AccessRules;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Barker's access rules (access.json, what {@code barker launch --secure} runs with): each role's allowed and forbidden links. */
class AccessRulesTest {

  private static final boolean SEND = true;
  private static final boolean RECEIVE = false;

  private final AccessRules rules = load();

  @Test
  void aUserSendsToItsOwnOutboxAndReadsItsOwnInboxOnly() {
    Principal ark3 = new Principal("ark3", Set.of("user", "viewer"));
    assertNull(rules.denial(ark3, SEND, "//127.0.0.1:5672/outbox/ark3"));
    assertNull(rules.denial(ark3, RECEIVE, "/inbox/ark3"));
    assertNull(rules.denial(ark3, RECEIVE, "/monitor"));
    assertNull(rules.denial(ark3, RECEIVE, "/directory"), "a viewer follows the route stream (the console's Routes)");
    assertDenied(ark3, SEND, "/outbox/rex");
    assertDenied(ark3, RECEIVE, "/inbox/rex");
    assertDenied(ark3, SEND, "/inbox/ark3");
    assertDenied(ark3, RECEIVE, "/outbox/ark3");
    assertDenied(ark3, SEND, "/outbox/ark3/dead");
    assertDenied(ark3, SEND, "/directory");
    assertDenied(ark3, RECEIVE, "/agents/127.0.0.1-5820");
    assertDenied(new Principal("rdl", Set.of("user")), RECEIVE, "/directory");
  }

  @Test
  void eachServiceDoesItsOwnJobAndNoOther() {
    Principal bizlogic = new Principal("bizlogic", Set.of("service", "bizlogic"));
    Principal manifold = new Principal("manifold", Set.of("service", "manifold"));
    Principal autobark = new Principal("autobark", Set.of("service", "autobark"));
    Principal monitor = new Principal("monitor", Set.of("service", "monitor"));
    assertNull(rules.denial(bizlogic, SEND, "/inbox/rex"));
    assertNull(rules.denial(manifold, SEND, "/bizlogic/outbox/rex"));
    assertNull(rules.denial(autobark, SEND, "/outbox/rex"));
    assertNull(rules.denial(monitor, RECEIVE, "/agents/127.0.0.1-5820"));
    for (Principal service : Set.of(bizlogic, manifold, autobark, monitor)) {
      assertNull(rules.denial(service, SEND, "/directory"), "registers its routes");
      assertNull(rules.denial(service, RECEIVE, "/directory"), "follows the route stream");
    }
    assertDenied(bizlogic, SEND, "/outbox/rex");
    assertDenied(bizlogic, SEND, "/bizlogic/outbox/rex");
    assertDenied(bizlogic, RECEIVE, "/inbox/rex");
    assertDenied(manifold, SEND, "/inbox/rex");
    assertDenied(autobark, SEND, "/inbox/rex");
    assertDenied(autobark, RECEIVE, "/inbox/rex");
    assertDenied(monitor, SEND, "/outbox/rex");
    assertDenied(monitor, RECEIVE, "/inbox/rex");
  }

  @Test
  void eachServiceRegistersItsOwnRoutesOnlyAndNoneMoreSpecific() {
    Principal bizlogic = new Principal("bizlogic", Set.of("service", "bizlogic"));
    Principal manifold = new Principal("manifold", Set.of("service", "manifold"));
    Principal autobark = new Principal("autobark", Set.of("service", "autobark"));
    Principal monitor = new Principal("monitor", Set.of("service", "monitor"));
    assertNull(rules.routeDenial(bizlogic, "//127.0.0.1/bizlogic"));
    assertNull(rules.routeDenial(manifold, "//127.0.0.1/inbox"));
    assertNull(rules.routeDenial(manifold, "//127.0.0.1/outbox"));
    assertNull(rules.routeDenial(monitor, "//127.0.0.1/monitor"));
    for (Principal service : Set.of(bizlogic, manifold, autobark, monitor)) {
      assertNull(rules.routeDenial(service, "//127.0.0.1/agents/127.0.0.1-5800"), "its agent");
    }
    assertEquals("autobark (roles [autobark, service]) may not register a route for //127.0.0.1/bizlogic",
        rules.routeDenial(autobark, "//127.0.0.1/bizlogic"));
    assertEquals("manifold (roles [manifold, service]) may not register a route for //127.0.0.1/inbox/rdl",
        rules.routeDenial(manifold, "//127.0.0.1/inbox/rdl"), "more specific than its own: a grant of its own");
    assertEquals("ark3 (roles [user, viewer]) may not register a route for //127.0.0.1/inbox",
        rules.routeDenial(new Principal("ark3", Set.of("user", "viewer")), "//127.0.0.1/inbox"));
  }

  @Test
  void aPrincipalWithoutRolesMayDoNothing() {
    assertDenied(new Principal("stranger", Set.of()), RECEIVE, "/monitor");
    assertDenied(new Principal("stranger", Set.of("admin")), SEND, "/directory");
  }

  @Test
  void aMalformedAddressIsDeniedSayingSoNotThrown() {
    String denial = rules.denial(new Principal("bizlogic", Set.of("service", "bizlogic")), SEND, "//127.0.0.1:5672");
    assertEquals("invalid address '//127.0.0.1:5672': has no path after the host (e.g. //HOST/service)", denial);
  }

  private void assertDenied(Principal principal, boolean sending, String address) {
    assertEquals(principal.name() + " (roles " + new TreeSet<>(principal.roles()) + ") may not "
        + (sending ? "send to " : "receive from ") + address, rules.denial(principal, sending, address));
  }

  private static AccessRules load() {
    try (InputStream json = Users.class.getResourceAsStream("access.json")) {
      return AccessRules.parse(new JsonObject(new String(json.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
