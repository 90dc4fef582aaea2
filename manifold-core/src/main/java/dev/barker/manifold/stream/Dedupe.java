package dev.barker.manifold.stream;

import dev.barker.manifold.engine.RecentIds;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * A stream's dedupe: the message-ids of its recent entries, and of those still being stored, so a
 * redelivered copy is settled like its original and not appended twice.
 */
final class Dedupe {

  private final RecentIds recent;
  private Map<Long, Future<Void>> storing; // made on first use: most streams never need it
  private long duplicates;

  Dedupe(int window) {
    this.recent = new RecentIds(window);
  }

  /**
   * For a copy of a message already stored or being stored: when to settle it (as its original
   * ends). Null for a new message (or one without an id), which is remembered from now on.
   */
  Future<Void> originalOf(long messageId) {
    Future<Void> original = messageId == 0 || storing == null ? null : storing.get(messageId);
    if (original == null && recent.add(messageId)) {
      return null;
    }
    duplicates++;
    return original != null ? original : Future.succeededFuture();
  }

  /** {@code messageId}'s message is being stored: copies wait for it; if it fails, a retry is new. */
  void storing(long messageId, Future<Void> stored) {
    if (messageId == 0) {
      return;
    }
    if (!stored.isComplete()) {
      if (storing == null) {
        storing = new HashMap<>();
      }
      storing.put(messageId, stored);
    }
    stored.onComplete(result -> {
      if (storing != null) {
        storing.remove(messageId);
      }
      if (result.failed()) {
        recent.remove(messageId);
      }
    });
  }

  /** Remembers an id restored from the store. */
  void remember(long messageId) {
    recent.add(messageId);
  }

  /** Copies dropped so far. */
  long duplicates() {
    return duplicates;
  }
}
