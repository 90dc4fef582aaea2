package dev.barker.manifold.stream;

import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.stream.JournalFile.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DurableStore}'s journal holds now: per stream, in seq order, each retained message
 * (the stream's own byte array, not a copy) and whether its push is still owed; and about how many
 * bytes a compaction would write for it.
 */
final class RetainedIndex {

  /** A retained entry: its message and whether its push is still owed. */
  private static final class Retained {
    final byte[] bytes;
    boolean pending;

    Retained(byte[] bytes, boolean pending) {
      this.bytes = bytes;
      this.pending = pending;
    }
  }

  private final Map<String, LinkedHashMap<Long, Retained>> streams = new HashMap<>();
  private long bytes;

  /** Takes in what {@code record} says happened (reading a journal back). */
  void apply(Record record) {
    switch (record.type()) {
      case APPEND -> put(record.stream(), record.seq(), record.bytes(), record.pending());
      case ACKNOWLEDGE -> acknowledge(record.stream(), record.seq());
      case REMOVE -> forget(record.stream(), record.seq());
    }
  }

  /** Retains message {@code seq} of {@code stream} (again, when a journal holds it twice). */
  void put(String stream, long seq, byte[] message, boolean pending) {
    Retained before = streams.computeIfAbsent(stream, s -> new LinkedHashMap<>()).put(seq, new Retained(message, pending));
    if (before != null) {
      bytes -= JournalFile.appendSize(stream, before.bytes.length);
    }
    bytes += JournalFile.appendSize(stream, message.length);
  }

  /** Marks {@code seq} pushed; true when it was retained and pending. */
  boolean acknowledge(String stream, long seq) {
    LinkedHashMap<Long, Retained> entries = streams.get(stream);
    Retained entry = entries == null ? null : entries.get(seq);
    if (entry == null || !entry.pending) {
      return false;
    }
    entry.pending = false;
    return true;
  }

  /** Drops {@code seq}; true when it was retained. */
  boolean forget(String stream, long seq) {
    LinkedHashMap<Long, Retained> entries = streams.get(stream);
    Retained entry = entries == null ? null : entries.remove(seq);
    if (entry == null) {
      return false;
    }
    bytes -= JournalFile.appendSize(stream, entry.bytes.length);
    if (entries.isEmpty()) {
      streams.remove(stream);
    }
    return true;
  }

  /** About what a compaction would write now (stream names counted as ASCII). */
  long bytes() {
    return bytes;
  }

  /** What is retained, as the records that make it again. */
  List<Record> records() {
    List<Record> records = new ArrayList<>();
    streams.forEach((stream, entries) -> entries.forEach((seq, entry) ->
        records.add(new Record(JournalFile.Type.APPEND, stream, seq, entry.bytes, entry.pending))));
    return records;
  }

  /** What is retained, as each stream's entries, appended at {@code nowMillis}. */
  Map<String, List<Entry>> entries(long nowMillis) {
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    streams.forEach((stream, retained) -> entries.put(stream, retained.entrySet().stream()
        .map(e -> new Entry(e.getKey(), e.getValue().bytes, MessageCodec.messageIdKey(e.getValue().bytes),
            e.getValue().pending, nowMillis)).toList()));
    return entries;
  }
}
