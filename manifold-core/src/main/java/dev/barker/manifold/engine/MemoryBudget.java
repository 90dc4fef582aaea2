package dev.barker.manifold.engine;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service's memory budget, in bytes: what its connections, sessions, links, deliveries in flight
 * and stored messages may hold together. Every path that holds data charges it: a listener admits a
 * connection only with room for it, a link or session only with room for it, a receiver grants
 * credit only below {@link #HIGH_WATER} of the limit (and closes a link whose delivery would pass the
 * limit itself), a manifold makes a new stream only with room. So a service refuses, with
 * {@code amqp:resource-limit-exceeded}, what it cannot hold, instead of running out of heap; nothing
 * it already accepted is ever dropped to make room.
 *
 * <p>Thread-safe: several services (and their contexts) may share one.
 */
public final class MemoryBudget {

  /** The share of the JVM's maximum heap a budget takes unless told otherwise. */
  public static final double DEFAULT_HEAP_SHARE = 0.5;
  /** The share of the limit above which receivers grant no more credit. */
  public static final double HIGH_WATER = 0.8;

  private static final MemoryBudget PROCESS = ofHeapShare(DEFAULT_HEAP_SHARE);

  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final List<Waiter> waiting = new ArrayList<>();
  private volatile boolean anyWaiting; // read without the lock on every release, written under it

  private record Waiter(Context context, Runnable action) {
  }

  /** A budget of {@code limit} bytes. */
  public MemoryBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a memory budget needs at least 1 byte, not " + limit);
    }
    this.limit = limit;
  }

  /** A budget of {@code share} of this JVM's maximum heap. */
  public static MemoryBudget ofHeapShare(double share) {
    return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * share));
  }

  /** The budget services of this process share unless given one: {@link #DEFAULT_HEAP_SHARE} of the heap. */
  public static MemoryBudget processDefault() {
    return PROCESS;
  }

  /** The limit, in bytes. */
  public long limit() {
    return limit;
  }

  /** Bytes charged now. */
  public long used() {
    return used.get();
  }

  /** True while there is room for {@code bytes} more under the limit. */
  public boolean hasRoomFor(long bytes) {
    return used.get() + bytes <= limit;
  }

  /** True while below {@link #HIGH_WATER}: new credit may be granted. */
  public boolean isBelowHighWater() {
    return used.get() < limit * HIGH_WATER;
  }

  /** Charges {@code bytes} if they fit under the limit; false (charging nothing) if not. */
  public boolean tryCharge(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Charges {@code bytes} whatever the limit: for what is held already (a message accepted). */
  public void charge(long bytes) {
    used.addAndGet(bytes);
  }

  /** Gives {@code bytes} back; whoever waits for room hears of it once below the high water. */
  public void release(long bytes) {
    used.addAndGet(-bytes);
    wakeIfBelowHighWater();
  }

  /** Runs {@code action} on {@code context} once the budget is below its high water again (soon, if it is now). */
  public void whenBelowHighWater(Context context, Runnable action) {
    synchronized (waiting) {
      waiting.add(new Waiter(context, action));
      anyWaiting = true;
    }
    wakeIfBelowHighWater(); // room may have come back before the waiter was added
  }

  private void wakeIfBelowHighWater() {
    if (!anyWaiting || !isBelowHighWater()) {
      return;
    }
    List<Waiter> ready;
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        return;
      }
      ready = new ArrayList<>(waiting);
      waiting.clear();
      anyWaiting = false;
    }
    ready.forEach(waiter -> waiter.context().runOnContext(v -> waiter.action().run()));
  }

  @Override
  public String toString() {
    return (used.get() >> 20) + " of " + (limit >> 20) + " MiB";
  }
}
