package dev.barker.manifold.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void aKeyInTheWindowIsADuplicateAndOneThatLeftItIsNot() {
    RecentIds window = new RecentIds(3);
    assertTrue(window.add(11));
    assertFalse(window.add(11));
    window.add(12);
    window.add(13);
    assertFalse(window.add(11));
    window.add(14); // 11 leaves
    assertTrue(window.add(11));
  }

  @Test
  void growsToItsCapacityKeepingOrderAndForgetsRemovedKeys() {
    RecentIds window = new RecentIds(1_000);
    for (long key = 1; key <= 1_000; key++) {
      assertTrue(window.add(key));
    }
    window.remove(500);
    for (long key = 1; key <= 1_000; key++) {
      assertEquals(key != 500, window.contains(key), "key " + key);
    }
    window.add(1_001); // full: the oldest, 1, goes
    assertFalse(window.contains(1));
    assertTrue(window.contains(2) && window.contains(1_001));
  }

  @Test
  void aKeyRemovedAndAddedAgainStaysForAWholeWindowFromItsNewAdd() {
    RecentIds window = new RecentIds(3);
    window.add(11);
    window.remove(11); // its message was not kept: the retry is new
    assertTrue(window.add(11));
    window.add(12);
    window.add(13); // the first 11's turn to leave: the second stays
    assertFalse(window.add(11));
  }

  @Test
  void noIdIsNeverADuplicate() {
    RecentIds window = new RecentIds(3);
    assertTrue(window.add(0));
    assertTrue(window.add(0));
  }

  @Test
  void behavesAsASetOfTheLastNKeysUnderCollidingKeys() {
    int capacity = 64;
    RecentIds window = new RecentIds(capacity);
    Deque<Long> last = new ArrayDeque<>();
    Set<Long> expected = new HashSet<>();
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long key = (random.nextInt(300) + 1L) * 256; // many keys share low bits: long probe chains
      boolean fresh = !expected.contains(key);
      if (window.add(key) != fresh) {
        throw new AssertionError("step " + i + ": key " + key + " was " + (fresh ? "new" : "a duplicate"));
      }
      if (fresh) {
        last.addLast(key);
        expected.add(key);
        if (last.size() > capacity) {
          expected.remove(last.removeFirst());
        }
      }
    }
  }
}
