package dev.barker.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RouteTargetTest {

  @Test
  void aPortIsANumberOrANumericStringAsTheOriginalTetherSentIt() {
    assertEquals(RouteTarget.of("h", 5680), RouteTarget.fromList(Arrays.asList("h", 5680, null)));
    assertEquals(RouteTarget.of("h", 5680), RouteTarget.fromList(Arrays.asList("h", "5680", null)));
  }

  @Test
  void anythingElseAsAPortIsRefusedSayingWhatItGot() {
    for (Object port : Arrays.asList("http", "99999", -1, null)) {
      InvalidRouteException refused = assertThrows(InvalidRouteException.class,
          () -> RouteTarget.fromList(Arrays.asList("h", port, null)));
      assertEquals("target port must be a number 1..65535, or one as a string, got " + port, refused.getMessage());
    }
  }
}
