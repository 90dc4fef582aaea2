package dev.barker.manifold.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EntryLogTest {

  @Test
  void findsBySeqWithAndWithoutGapsAcrossTheRingsWrap() {
    EntryLog log = new EntryLog();
    long[] seqs = {0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 16};
    for (long seq : seqs) {
      log.append(entry(seq));
    }
    for (int i = 0; i < 5; i++) {
      log.removeFirst();
    }
    long[] appended = {17, 20, 21, 22, 23, 25}; // the last two wrap round the ring of 16
    for (long seq : appended) {
      log.append(entry(seq));
    }

    long[] held = {5, 6, 9, 10, 14, 15, 16, 17, 20, 21, 22, 23, 25};
    assertEquals(held.length, log.size());
    for (int i = 0; i < held.length; i++) {
      assertEquals(i, log.indexOfFirstAtLeast(held[i]), "seq " + held[i]);
      assertEquals(held[i], log.at(i).seq());
    }
    assertEquals(0, log.indexOfFirstAtLeast(0), "before the head");
    assertEquals(2, log.indexOfFirstAtLeast(7), "in a gap, the entry after it");
    assertEquals(4, log.indexOfFirstAtLeast(11));
    assertEquals(8, log.indexOfFirstAtLeast(18));
    assertEquals(12, log.indexOfFirstAtLeast(24), "in a gap after the wrap");
    assertEquals(held.length, log.indexOfFirstAtLeast(26), "past the tail");
  }

  private static Entry entry(long seq) {
    return new Entry(seq, new byte[0], 0, false, 0);
  }
}
