package dev.barker.manifold.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a flood of wrong passwords from costing anyone but its sender. The logins from one source
 * address are checked one at a time, in turn (the hashing threads are few: one address cannot
 * take them all), up to {@link #MAX_QUEUED_PER_SOURCE} waiting; and a name that failed
 * {@link #MAX_FAILURES} times from an address within {@link #WINDOW_MILLIS} is refused there,
 * unchecked, until the window has passed. Refused logins are told to try again later. Thread-safe.
 */
public final class LoginThrottle {

  /** Failed logins one name may have from one address within the window. */
  public static final int MAX_FAILURES = 5;
  /** The window, in milliseconds. */
  public static final long WINDOW_MILLIS = 10_000;
  /** Logins from one address that may wait for the one being checked; more are refused. */
  public static final int MAX_QUEUED_PER_SOURCE = 32;
  private static final int MAX_REMEMBERED = 10_000;

  /** Per source with a login being checked, the checks waiting their turn. */
  private final Map<String, Deque<Runnable>> checking = new HashMap<>();
  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
      return size() > MAX_REMEMBERED; // the least recently failing go first: memory stays bounded
    }
  };

  /**
   * Runs {@code check} of {@code name}'s login from {@code source} now, or once the logins from
   * {@code source} before it are checked; the check must end with {@link #checked} (when it
   * reached a verdict) and then {@link #done}. Returns why it will not run (too many failures, or
   * too many waiting), or null.
   */
  public String check(String source, String name, Runnable check) {
    synchronized (this) {
      String refused = recentlyFailed(source, name);
      if (refused != null) {
        return refused;
      }
      Deque<Runnable> waiting = checking.get(source);
      if (waiting != null) {
        if (waiting.size() >= MAX_QUEUED_PER_SOURCE) {
          return MAX_QUEUED_PER_SOURCE + " logins from " + source + " are waiting already";
        }
        waiting.addLast(check);
        return null;
      }
      checking.put(source, new ArrayDeque<>());
    }
    check.run();
    return null;
  }

  /** {@code name}'s login from {@code source} was checked: it {@code succeeded}, or failed. */
  public synchronized void checked(String source, String name, boolean succeeded) {
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

  /** The check a {@link #check} ran for {@code source} has ended: the next login from there has its turn. */
  public void done(String source) {
    Runnable next;
    synchronized (this) {
      Deque<Runnable> waiting = checking.get(source);
      next = waiting == null ? null : waiting.pollFirst();
      if (next == null) {
        checking.remove(source);
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private String recentlyFailed(String source, String name) {
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
    return null;
  }

}
