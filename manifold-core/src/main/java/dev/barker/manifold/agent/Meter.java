package dev.barker.manifold.agent;

/**
 * Counts a service's incoming and outgoing messages and, sampled once a second, turns them into
 * rates over the last ten seconds. Used on the service's context only.
 */
public final class Meter {

  /** Seconds the rates average over. */
  public static final int WINDOW_SECONDS = 10;

  private long incoming;
  private long outgoing;
  private final long[][] samples = new long[WINDOW_SECONDS + 1][3];
  private int samplesTaken;

  /** Counts {@code n} messages in. */
  public void incoming(long n) {
    incoming += n;
  }

  /** Counts {@code n} messages out. */
  public void outgoing(long n) {
    outgoing += n;
  }

  /** Messages in so far. */
  public long incomingCount() {
    return incoming;
  }

  /** Messages out so far. */
  public long outgoingCount() {
    return outgoing;
  }

  /** Records the counts now; call once a second. */
  void sample(long nowMillis) {
    long[] slot = samples[samplesTaken % samples.length];
    slot[0] = nowMillis;
    slot[1] = incoming;
    slot[2] = outgoing;
    samplesTaken++;
  }

  /** Messages in per second over the window (0 before two samples). */
  double incomingRate() {
    return rate(1);
  }

  /** Messages out per second over the window (0 before two samples). */
  double outgoingRate() {
    return rate(2);
  }

  private double rate(int field) {
    if (samplesTaken < 2) {
      return 0;
    }
    long[] newest = samples[(samplesTaken - 1) % samples.length];
    long[] oldest = samples[Math.max(0, samplesTaken - samples.length) % samples.length];
    long millis = newest[0] - oldest[0];
    return millis <= 0 ? 0 : (newest[field] - oldest[field]) * 1000.0 / millis;
  }
}
