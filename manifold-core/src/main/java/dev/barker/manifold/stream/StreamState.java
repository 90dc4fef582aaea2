package dev.barker.manifold.stream;

import java.util.List;

/**
 * What a store holds of one stream: its entries in seq order, and the seq its next entry takes
 * (past every entry it ever held, so no seq is used twice).
 *
 * @param entries the entries held, oldest first
 * @param nextSeq the seq of the next entry appended
 */
public record StreamState(List<Entry> entries, long nextSeq) {

  /** A stream the store holds nothing of. */
  public static final StreamState EMPTY = new StreamState(List.of(), 0);
}
