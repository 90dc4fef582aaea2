package dev.barker.manifold.link;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheInitialDelayUpToTheCapWithJitter() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    long[] ceilings = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
    for (long ceiling : ceilings) {
      long delay = backoff.nextDelayMillis();
      assertTrue(delay >= ceiling / 2 && delay <= ceiling, delay + " not within [" + ceiling / 2 + ", " + ceiling + "]");
    }
  }

  @Test
  void startsOverAfterReset() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    for (int i = 0; i < 10; i++) {
      backoff.nextDelayMillis();
    }
    backoff.reset();
    assertTrue(backoff.nextDelayMillis() <= 100);
  }

  @Test
  void jitterSpreadsRetries() {
    Backoff backoff = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(4));
    java.util.Set<Long> delays = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      delays.add(backoff.nextDelayMillis());
    }
    assertTrue(delays.size() > 10, "delays barely vary: " + delays);
  }
}
