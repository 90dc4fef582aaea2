package dev.barker.manifold.engine;

/**
 * The last {@code capacity} message-id keys seen (see {@code MessageCodec.messageIdKey}), oldest
 * forgotten first: the dedupe window of a stream, or of a receiver across relinks. A ring of keys
 * beside an open-addressing table of longs, so remembering one allocates nothing and costs a few
 * array reads. Both start empty and grow with the keys remembered, up to the capacity, so a window
 * that sees few ids (an idle stream) costs a few bytes rather than its whole capacity.
 */
public final class RecentIds {

  private static final long[] NONE = {};
  private static final int FIRST_SIZE = 8;

  private final int capacity;
  private long[] ring = NONE;
  private long[] table = NONE;
  private int mask = -1;
  private int next;
  private int size;

  /** A window of the last {@code capacity} keys (0 remembers none). */
  public RecentIds(int capacity) {
    this.capacity = capacity;
  }

  /** Remembers {@code key}; false when it was already remembered (a duplicate). Key 0 means no id. */
  public boolean add(long key) {
    if (key == 0 || capacity == 0) {
      return true;
    }
    if (indexOf(key) >= 0) {
      return false;
    }
    if (size == ring.length && ring.length < capacity) {
      grow();
    }
    if (size == ring.length) {
      delete(ring[next]); // full at capacity: the oldest goes
    } else {
      size++;
    }
    ring[next] = key;
    next = (next + 1) % ring.length;
    insert(key);
    return true;
  }

  /** True when {@code key} is remembered; never for 0. */
  public boolean contains(long key) {
    return key != 0 && indexOf(key) >= 0;
  }

  /**
   * Forgets {@code key} (its message was not kept after all), and its place in the ring: added
   * again, it stays a whole window from then, not until its first add would have left.
   */
  public void remove(long key) {
    if (key == 0 || !delete(key)) {
      return;
    }
    for (int back = 1; back <= size; back++) { // newest first: a failed store is a recent add
      int slot = Math.floorMod(next - back, ring.length);
      if (ring[slot] == key) {
        ring[slot] = 0;
        return;
      }
    }
  }

  /** Doubles the ring (oldest first) and the table, keeping every key still remembered. */
  private void grow() {
    long[] oldRing = ring;
    long[] oldTable = table;
    int oldMask = mask;
    int oldest = next; // the ring is full: its oldest key is where the next would go
    ring = new long[Math.min(capacity, Math.max(FIRST_SIZE, oldRing.length * 2))];
    int tableSize = Integer.highestOneBit(ring.length * 2) * 2; // at most half full
    table = new long[tableSize];
    mask = tableSize - 1;
    next = 0;
    size = 0;
    for (int i = 0; i < oldRing.length; i++) {
      long key = oldRing[(oldest + i) % oldRing.length];
      if (key != 0 && isIn(oldTable, oldMask, key)) {
        ring[size++] = key;
        insert(key);
      }
    }
    next = size;
  }

  private void insert(long key) {
    int slot = (int) key & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = key;
  }

  private int indexOf(long key) {
    if (table.length == 0) {
      return -1;
    }
    for (int slot = (int) key & mask; table[slot] != 0; slot = (slot + 1) & mask) {
      if (table[slot] == key) {
        return slot;
      }
    }
    return -1;
  }

  private static boolean isIn(long[] table, int mask, long key) {
    for (int slot = (int) key & mask; table.length > 0 && table[slot] != 0; slot = (slot + 1) & mask) {
      if (table[slot] == key) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes a key and shifts back the ones after it, so that each stays reachable from its home
   * slot; false when it was not there.
   */
  private boolean delete(long key) {
    int hole = indexOf(key);
    if (hole < 0) {
      return false;
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
    return true;
  }
}
