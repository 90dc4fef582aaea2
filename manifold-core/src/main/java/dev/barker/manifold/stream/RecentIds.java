package dev.barker.manifold.stream;

import java.util.LinkedHashSet;

/** The last {@code capacity} message-ids seen, oldest forgotten first: the dedupe window. */
final class RecentIds {

  private final int capacity;
  private final LinkedHashSet<Object> ids = new LinkedHashSet<>();

  RecentIds(int capacity) {
    this.capacity = capacity;
  }

  /** Remembers {@code id}; false when it was already remembered (a duplicate). */
  boolean add(Object id) {
    if (id == null || capacity == 0) {
      return true;
    }
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      ids.remove(ids.iterator().next());
    }
    return true;
  }

  /** Forgets {@code id} (its message was not kept after all). */
  void remove(Object id) {
    if (id != null) {
      ids.remove(id);
    }
  }
}
