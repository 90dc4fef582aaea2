package dev.barker.manifold.stream;

/**
 * The retained entries of a stream in seq order: append at the tail, trim at the head, find by seq
 * (seqs increase but may have gaps, e.g. where a store write failed). The ring's length is a power
 * of two.
 */
final class EntryLog {

  private static final Entry[] EMPTY = {};

  private Entry[] ring = EMPTY; // a stream that holds nothing costs no ring
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Entry first() {
    return size == 0 ? null : at(0);
  }

  /** The entry at {@code index} from the head. */
  Entry at(int index) {
    return ring[(head + index) & (ring.length - 1)];
  }

  /**
   * Index of the first entry whose seq is at least {@code seq}; {@link #size()} when none is. At
   * once where no seq is missing between the head and {@code seq} (the usual case), else by bisection.
   */
  int indexOfFirstAtLeast(long seq) {
    long offset = size == 0 ? 0 : seq - at(0).seq();
    if (offset <= 0) {
      return 0;
    }
    if (offset < size && at((int) offset).seq() == seq) {
      return (int) offset;
    }
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (at(middle).seq() < seq) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  void append(Entry entry) {
    if (size == ring.length) {
      Entry[] bigger = new Entry[Math.max(8, ring.length * 2)];
      for (int i = 0; i < size; i++) {
        bigger[i] = at(i);
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + size) & (ring.length - 1)] = entry;
    size++;
  }

  Entry removeFirst() {
    Entry first = ring[head];
    ring[head] = null;
    head = (head + 1) & (ring.length - 1);
    size--;
    if (size == 0 && ring.length > 64) {
      ring = EMPTY; // give back the memory of a burst
      head = 0;
    }
    return first;
  }
}
