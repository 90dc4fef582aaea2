package dev.barker.manifold.link;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th retry waits between half and all of
 * {@code min(cap, initial * 2^n)}, so that many clients losing one server do not all come back at
 * the same instant.
 */
public final class Backoff {

  /** First delay before jitter. */
  public static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
  /** Largest delay before jitter. */
  public static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

  private final long initialMillis;
  private final long capMillis;
  private int attempts;

  /** A back-off from {@code initial}, doubling up to {@code cap}. */
  public Backoff(Duration initial, Duration cap) {
    this.initialMillis = initial.toMillis();
    this.capMillis = cap.toMillis();
  }

  /** 100 ms doubling to 5 s. */
  public Backoff() {
    this(DEFAULT_INITIAL, DEFAULT_CAP);
  }

  /** The delay before the next attempt, in milliseconds; each call doubles the next. */
  public long nextDelayMillis() {
    long ceiling = Math.min(capMillis, initialMillis << Math.min(attempts, 30));
    attempts++;
    long half = Math.max(1, ceiling / 2);
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  /** Starts over from the initial delay (after a success). */
  public void reset() {
    attempts = 0;
  }
}
