package dev.barker.manifold.stream;

import dev.barker.manifold.engine.MessageCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A store on disk (H2's MVStore, one file {@code manifold.mv.db} in the directory). Appends are
 * group-committed: while one commit (write plus fsync) runs on a worker thread, new appends wait
 * and go together in the next one, so durability costs one fsync per batch, not per message. An
 * append's future completes only once its batch is on disk; acknowledgements and trims ride along
 * with the next commit (losing one to a crash means a message is pushed again, which downstream
 * dedupe absorbs). MVStore's own background thread rewrites chunks that trimming left mostly empty,
 * so the file's size follows the rate of traffic, not its total.
 */
public final class DurableStore implements Store {

  private static final char SEPARATOR = '\u0000';
  /** How long freed file space is kept for old versions before reuse; only we read, and only the newest. */
  private static final int RETENTION_MILLIS = 1_000;

  private final Vertx vertx;
  private final MVStore store;
  private final MVMap<String, byte[]> entries;
  private final MVMap<String, Boolean> pending;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private List<String> waitingKeys = new ArrayList<>();
  private boolean committing;
  private boolean dirty;

  private DurableStore(Vertx vertx, MVStore store) {
    this.vertx = vertx;
    this.store = store;
    this.entries = store.openMap("entries");
    this.pending = store.openMap("pending");
  }

  /** Opens (or creates) the store in {@code directory}, on a worker thread. */
  public static Future<DurableStore> open(Vertx vertx, Path directory) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(directory);
      MVStore store = new MVStore.Builder()
          .fileName(directory.resolve("manifold.mv.db").toString())
          .open();
      store.setRetentionTime(RETENTION_MILLIS);
      return new DurableStore(vertx, store);
    });
  }

  @Override
  public Future<Void> append(String stream, Entry entry) {
    String key = key(stream, entry.seq());
    entries.put(key, entry.bytes());
    if (entry.isPending()) {
      pending.put(key, Boolean.TRUE);
    }
    Promise<Void> durable = Promise.promise();
    waiting.add(durable);
    waitingKeys.add(key);
    dirty = true;
    commitSoon();
    return durable.future();
  }

  @Override
  public void acknowledge(String stream, long seq) {
    pending.remove(key(stream, seq));
    dirty = true;
    commitSoon();
  }

  @Override
  public void remove(String stream, long seq) {
    String key = key(stream, seq);
    entries.remove(key);
    pending.remove(key);
    dirty = true;
    commitSoon();
  }

  @Override
  public Future<Map<String, List<Entry>>> load() {
    return vertx.executeBlocking(() -> {
      Map<String, List<Entry>> streams = new LinkedHashMap<>();
      long now = System.currentTimeMillis();
      for (Map.Entry<String, byte[]> stored : entries.entrySet()) {
        String key = stored.getKey();
        int split = key.indexOf(SEPARATOR);
        String stream = key.substring(0, split);
        long seq = Long.parseLong(key.substring(split + 1));
        byte[] bytes = stored.getValue();
        streams.computeIfAbsent(stream, s -> new ArrayList<>()).add(
            new Entry(seq, bytes, MessageCodec.messageIdKey(bytes), pending.containsKey(key), now));
      }
      return streams;
    });
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      store.close();
      return null;
    });
  }

  private void commitSoon() {
    if (committing || !dirty) {
      return;
    }
    committing = true;
    dirty = false;
    List<Promise<Void>> batch = waiting;
    List<String> batchKeys = waitingKeys;
    waiting = new ArrayList<>();
    waitingKeys = new ArrayList<>();
    vertx.executeBlocking(() -> {
      store.commit();
      if (!batch.isEmpty()) {
        store.sync(); // appends are acknowledged to producers: make them survive power loss too
      }
      return null;
    }).onComplete(result -> {
      if (result.failed()) {
        forget(batchKeys); // their producers are told no and send again: keep no ghost copies
      }
      for (Promise<Void> durable : batch) {
        durable.handle(result.mapEmpty());
      }
      // only now: a commit started from a handler above may finish before its completion handler
      // is attached, complete inline, and hand later entries to the stream before this batch's
      committing = false;
      commitSoon();
    });
  }

  private void forget(List<String> keys) {
    for (String key : keys) {
      entries.remove(key);
      pending.remove(key);
    }
    dirty = true;
  }

  private static String key(String stream, long seq) {
    String digits = Long.toString(seq);
    return stream + SEPARATOR + "0".repeat(19 - digits.length()) + digits;
  }
}
