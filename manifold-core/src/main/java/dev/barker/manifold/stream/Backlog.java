package dev.barker.manifold.stream;

import java.util.function.Consumer;

/**
 * What a pushed stream still owes its push target: the entries not yet taken, and how many taken
 * or not are still waiting for the target's outcome. Entries are appended pending; one leaves the
 * backlog only when {@link #acknowledge} says the target settled it, and its stream hears of it.
 */
public final class Backlog {

  private final EntryLog log;
  private final Consumer<Entry> onAcknowledged;
  private long cursor;
  private int pending;

  Backlog(EntryLog log, Consumer<Entry> onAcknowledged) {
    this.log = log;
    this.onAcknowledged = onAcknowledged;
  }

  /** The oldest pending entry not yet taken, or null when every one has been. */
  public Entry next() {
    for (int index = log.indexOfFirstAtLeast(cursor); index < log.size(); index++) {
      Entry entry = log.at(index);
      cursor = entry.seq() + 1;
      if (entry.isPending()) {
        return entry;
      }
    }
    return null;
  }

  /** The push target settled {@code entry} (accepted it, or rejected it and it was dead-lettered). */
  public void acknowledge(Entry entry) {
    if (entry.isPending()) {
      entry.acknowledged();
      pending--;
      onAcknowledged.accept(entry);
    }
  }

  /** Entries still owed an outcome. */
  public int size() {
    return pending;
  }

  /** When the oldest entry owed an outcome arrived (ms), or 0 when none is. */
  public long oldestPendingMillis() {
    for (int index = 0; index < log.size(); index++) {
      if (log.at(index).isPending()) {
        return log.at(index).appendedAtMillis();
      }
    }
    return 0;
  }

  /** A pending entry was published to the log. */
  void added() {
    pending++;
  }
}
