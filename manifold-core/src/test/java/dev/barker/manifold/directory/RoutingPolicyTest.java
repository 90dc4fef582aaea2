package dev.barker.manifold.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.RouteTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

  private static final RouteTarget A = RouteTarget.of("127.0.0.1", 5680);
  private static final RouteTarget B = RouteTarget.of("127.0.0.1", 5681);
  private static final RouteTarget C = RouteTarget.of("127.0.0.1", 5682);

  @Test
  void findsTheFourPoliciesByName() {
    assertInstanceOf(RandomPolicy.class, RoutingPolicies.create("random"));
    assertInstanceOf(RoundRobinPolicy.class, RoutingPolicies.create("round-robin"));
    assertInstanceOf(OrderedPolicy.class, RoutingPolicies.create("ordered"));
    assertInstanceOf(ConsistentPolicy.class, RoutingPolicies.create("consistent"));
    assertInstanceOf(RandomPolicy.class, RoutingPolicies.create(null));
  }

  @Test
  void unknownPolicyNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RoutingPolicies.create("fastest"));
    assertEquals("unknown routing policy 'fastest'; known: consistent, ordered, random, round-robin", e.getMessage());
  }

  @Test
  void eachRouteGetsItsOwnPolicyInstance() {
    RoutingPolicy first = RoutingPolicies.create("round-robin");
    first.choose("/x", List.of(A, B));
    assertEquals(A, RoutingPolicies.create("round-robin").choose("/x", List.of(A, B)));
  }

  @Test
  void roundRobinCycles() {
    RoutingPolicy policy = new RoundRobinPolicy();
    List<RouteTarget> chosen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      chosen.add(policy.choose("/svc", List.of(A, B, C)));
    }
    assertEquals(List.of(A, B, C, A, B, C), chosen);
  }

  @Test
  void orderedPicksTheOldestAndMovesToTheNextWhenItGoes() {
    RoutingPolicy policy = new OrderedPolicy();
    assertEquals(A, policy.choose("/bizlogic", List.of(A, B, C)));
    assertEquals(A, policy.choose("/bizlogic", List.of(A, B, C)));
    assertEquals(B, policy.choose("/bizlogic", List.of(B, C)));
  }

  @Test
  void randomPicksOnlyLiveTargetsAndEventuallyEach() {
    RoutingPolicy policy = new RandomPolicy();
    Set<RouteTarget> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      RouteTarget target = policy.choose("/svc", List.of(A, B));
      assertTrue(target.equals(A) || target.equals(B));
      seen.add(target);
    }
    assertEquals(Set.of(A, B), seen);
  }

  @Test
  void consistentMapsTheSameSubAddressToTheSameTarget() {
    RoutingPolicy policy = new ConsistentPolicy();
    for (int i = 0; i < 100; i++) {
      String address = "/inbox/user" + i;
      RouteTarget first = policy.choose(address, List.of(A, B, C));
      assertEquals(first, policy.choose(address, List.of(A, B, C)));
      assertEquals(first, new ConsistentPolicy().choose(address, List.of(C, A, B)), "order must not matter");
    }
  }

  @Test
  void consistentMovesAboutOneInNPlusOneWhenATargetIsAdded() {
    RoutingPolicy policy = new ConsistentPolicy();
    List<RouteTarget> targets = new ArrayList<>();
    for (int n = 1; n <= 8; n++) {
      targets.add(RouteTarget.of("10.0.0." + n, 5800));
    }
    for (int n = 2; n < 8; n++) {
      List<RouteTarget> before = targets.subList(0, n);
      List<RouteTarget> after = targets.subList(0, n + 1);
      int moved = 0;
      int total = 10_000;
      for (int i = 0; i < total; i++) {
        String address = "/outbox/user" + i;
        RouteTarget was = policy.choose(address, before);
        RouteTarget now = policy.choose(address, after);
        if (!was.equals(now)) {
          moved++;
          assertEquals(after.get(n), now, "a moved address may only move to the new target");
        }
      }
      double expected = 1.0 / (n + 1);
      double share = moved / (double) total;
      assertTrue(Math.abs(share - expected) < 0.02,
          "from " + n + " to " + (n + 1) + " targets, " + share + " moved; expected about " + expected);
    }
  }

  @Test
  void consistentSpreadsAddressesEvenly() {
    RoutingPolicy policy = new ConsistentPolicy();
    List<RouteTarget> targets = List.of(A, B, C);
    int[] counts = new int[3];
    for (int i = 0; i < 9_000; i++) {
      counts[targets.indexOf(policy.choose("/inbox/u" + i, targets))]++;
    }
    for (int count : counts) {
      assertTrue(Math.abs(count - 3_000) < 300, "uneven spread: " + java.util.Arrays.toString(counts));
    }
  }
}
