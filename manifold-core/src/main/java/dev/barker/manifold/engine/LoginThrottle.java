package dev.barker.manifold.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a flood of wrong passwords from costing anyone but its sender. A source address may have
 * {@link #CHECKS_PER_SOURCE} password check under way at a time (the hashing threads are few:
 * one address cannot take them all), and a name that failed {@link #MAX_FAILURES} times from an
 * address within {@link #WINDOW_MILLIS} is refused there, unchecked, until the window has passed.
 * Refused logins are told to try again later. Thread-safe.
 */
public final class LoginThrottle {

  /** Failed logins one name may have from one address within the window. */
  public static final int MAX_FAILURES = 5;
  /** The window, in milliseconds. */
  public static final long WINDOW_MILLIS = 10_000;
  /** Password checks one address may have under way at once. */
  public static final int CHECKS_PER_SOURCE = 1;
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, Integer> checking = new HashMap<>();
  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
      return size() > MAX_REMEMBERED; // the least recently failing go first: memory stays bounded
    }
  };

  /**
   * Null when {@code name}'s login from {@code source} may be checked now (call {@link #done}
   * after); otherwise why not.
   */
  public synchronized String begin(String source, String name) {
    if (checking.getOrDefault(source, 0) >= CHECKS_PER_SOURCE) {
      return "a login from " + source + " is being checked already";
    }
    Deque<Long> recent = failures.get(source + "\0" + name);
    if (recent != null) {
      long now = System.currentTimeMillis();
      while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MILLIS) {
        recent.pollFirst();
      }
      if (recent.size() >= MAX_FAILURES) {
        return MAX_FAILURES + " failed logins as " + name + " from " + source + " within " + WINDOW_MILLIS / 1000 + " s";
      }
    }
    checking.merge(source, 1, Integer::sum);
    return null;
  }

  /** The check {@link #begin} let start has ended, {@code succeeded} or not. */
  public synchronized void done(String source, String name, boolean succeeded) {
    checking.computeIfPresent(source, (host, count) -> count == 1 ? null : count - 1);
    String key = source + "\0" + name;
    if (succeeded) {
      failures.remove(key);
      return;
    }
    Deque<Long> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    recent.addLast(System.currentTimeMillis());
    if (recent.size() > MAX_FAILURES) {
      recent.pollFirst();
    }
  }
}
