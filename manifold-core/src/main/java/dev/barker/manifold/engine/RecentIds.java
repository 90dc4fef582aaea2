package dev.barker.manifold.engine;

/**
 * The last {@code capacity} message-id keys seen (see {@code MessageCodec.messageIdKey}), oldest
 * forgotten first: the dedupe window of a stream, or of a receiver across relinks. A ring of keys beside an open-addressing table of longs, so
 * remembering one allocates nothing and costs a few array reads.
 */
public final class RecentIds {

  private final long[] ring;
  private final long[] table;
  private final int mask;
  private int next;

  /** A window of the last {@code capacity} keys (0 remembers none). */
  public RecentIds(int capacity) {
    this.ring = new long[capacity];
    int size = Integer.highestOneBit(Math.max(1, capacity) * 2) * 2; // at most half full
    this.table = new long[size];
    this.mask = size - 1;
  }

  /** Remembers {@code key}; false when it was already remembered (a duplicate). Key 0 means no id. */
  public boolean add(long key) {
    if (key == 0 || ring.length == 0) {
      return true;
    }
    if (indexOf(key) >= 0) {
      return false;
    }
    if (ring[next] != 0) {
      delete(ring[next]);
    }
    ring[next] = key;
    next = (next + 1) % ring.length;
    int slot = (int) key & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = key;
    return true;
  }

  /** True when {@code key} is remembered; never for 0. */
  public boolean contains(long key) {
    return key != 0 && indexOf(key) >= 0;
  }

  /** Forgets {@code key} (its message was not kept after all). */
  public void remove(long key) {
    if (key != 0) {
      delete(key);
    }
  }

  private int indexOf(long key) {
    for (int slot = (int) key & mask; table[slot] != 0; slot = (slot + 1) & mask) {
      if (table[slot] == key) {
        return slot;
      }
    }
    return -1;
  }

  /** Removes a key and shifts back the ones after it, so that each stays reachable from its home slot. */
  private void delete(long key) {
    int hole = indexOf(key);
    if (hole < 0) {
      return;
    }
    table[hole] = 0;
    for (int slot = (hole + 1) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
      int home = (int) table[slot] & mask;
      boolean movable = hole <= slot ? home <= hole || home > slot : home <= hole && home > slot;
      if (movable) {
        table[hole] = table[slot];
        table[slot] = 0;
        hole = slot;
      }
    }
  }
}
