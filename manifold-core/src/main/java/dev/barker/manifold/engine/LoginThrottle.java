package dev.barker.manifold.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per source address: one that failed {@link #MAX_FAILURES} times within
 * {@link #WINDOW_MILLIS} is refused at once, without checking its password, until the window has
 * passed. So a flood of wrong passwords from one address costs that address, not the hashing time
 * every other client's login waits for. Used on one listener's context.
 */
public final class LoginThrottle {

  /** Failed logins an address may have within the window. */
  public static final int MAX_FAILURES = 5;
  /** The window, in milliseconds. */
  public static final long WINDOW_MILLIS = 10_000;
  private static final int MAX_SOURCES = 10_000;

  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
      return size() > MAX_SOURCES; // the least recently failing go first: memory stays bounded
    }
  };

  /** True when {@code source} may try a login now. */
  public synchronized boolean allows(String source) {
    Deque<Long> recent = failures.get(source);
    if (recent == null) {
      return true;
    }
    long now = System.currentTimeMillis();
    while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MILLIS) {
      recent.pollFirst();
    }
    if (recent.isEmpty()) {
      failures.remove(source);
      return true;
    }
    return recent.size() < MAX_FAILURES;
  }

  /** A login from {@code source} failed. */
  public synchronized void failed(String source) {
    Deque<Long> recent = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
    recent.addLast(System.currentTimeMillis());
    if (recent.size() > MAX_FAILURES) {
      recent.pollFirst();
    }
  }
}
