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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on disk (H2's MVStore, one file {@code manifold.mv.db} in the directory). Appends are
 * group-committed: while one commit (write plus fsync) runs on a worker thread, new appends wait
 * and go together in the next one, so durability costs one fsync per batch, not per message. An
 * append's future completes only once its batch is on disk; acknowledgements and trims ride along
 * with the next commit (losing one to a crash means a message is pushed again, which downstream
 * dedupe absorbs). MVStore's own background thread rewrites chunks that trimming left mostly empty,
 * so the file's size follows the rate of traffic, not its total.
 *
 * <p>When the disk fails a write (full, or an I/O error) MVStore closes itself. The store then
 * refuses appends ({@link #failure()} says why) and, every {@link #RETRY_MILLIS} once
 * {@link #RECOVERY_SPACE} is free, opens the file again; once it can, it replays the acknowledgements and trims it could not write
 * meanwhile and takes appends again. Nothing accepted is lost: an append is accepted only once on
 * disk.
 */
public final class DurableStore implements Store {

  /** How often a failed store tries its file again. */
  public static final long RETRY_MILLIS = 1_000;
  /** Free space a failed store waits for before it takes appends again, so that it does not fail again at once. */
  public static final long RECOVERY_SPACE = 512 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);
  private static final char SEPARATOR = '\u0000';
  /** How long freed file space is kept for old versions before reuse; only we read, and only the newest. */
  private static final int RETENTION_MILLIS = 1_000;

  private final Vertx vertx;
  private final Path file;
  private MVStore store;
  private MVMap<String, byte[]> entries;
  private MVMap<String, Boolean> pending;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private List<String> waitingKeys = new ArrayList<>();
  /** Acknowledgements ({@code true}) and trims ({@code false}) made while the file could not be written. */
  private final Map<String, Boolean> unwritten = new LinkedHashMap<>();
  private boolean committing;
  private boolean dirty;
  private String failure;
  private boolean closed;

  private DurableStore(Vertx vertx, Path file, MVStore store) {
    this.vertx = vertx;
    this.file = file;
    use(store);
  }

  /** Opens (or creates) the store in {@code directory}, on a worker thread. */
  public static Future<DurableStore> open(Vertx vertx, Path directory) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(directory);
      Path file = directory.resolve("manifold.mv.db");
      return new DurableStore(vertx, file, openFile(file));
    });
  }

  private static MVStore openFile(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.setRetentionTime(RETENTION_MILLIS);
    return store;
  }

  private void use(MVStore opened) {
    store = opened;
    entries = opened.openMap("entries");
    pending = opened.openMap("pending");
  }

  @Override
  public Future<Boolean> append(String stream, Entry entry) {
    if (failure != null) {
      return Future.failedFuture(new StoreFailedException(failure));
    }
    String key = key(stream, entry.seq());
    try {
      entries.put(key, entry.bytes());
      if (entry.isPending()) {
        pending.put(key, Boolean.TRUE);
      }
    } catch (RuntimeException e) {
      failed(e);
      return Future.failedFuture(new StoreFailedException(failure));
    }
    Promise<Void> durable = Promise.promise();
    waiting.add(durable);
    waitingKeys.add(key);
    dirty = true;
    commitSoon();
    return durable.future().map(true);
  }

  @Override
  public void acknowledge(String stream, long seq) {
    change(key(stream, seq), true);
  }

  @Override
  public void remove(String stream, long seq) {
    change(key(stream, seq), false);
  }

  @Override
  public String failure() {
    return failure;
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
    closed = true;
    return vertx.executeBlocking(() -> {
      if (!store.isClosed()) {
        store.close();
      }
      return null;
    });
  }

  /** Records an acknowledgement ({@code acknowledged}) or a trim of {@code key}, now or once the file works again. */
  private void change(String key, boolean acknowledged) {
    if (failure != null) {
      unwritten.merge(key, acknowledged, (before, now) -> before && now);
      return;
    }
    try {
      pending.remove(key);
      if (!acknowledged) {
        entries.remove(key);
      }
    } catch (RuntimeException e) {
      failed(e);
      unwritten.merge(key, acknowledged, (before, now) -> before && now);
      return;
    }
    dirty = true;
    commitSoon();
  }

  private void commitSoon() {
    if (committing || !dirty || failure != null) {
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
        failed(result.cause());
        forget(batchKeys); // their producers are told no and send again: keep no ghost copies
      }
      for (Promise<Void> durable : batch) {
        durable.handle(result.failed() ? Future.failedFuture(new StoreFailedException(failure)) : Future.succeededFuture());
      }
      // only now: a commit started from a handler above may finish before its completion handler
      // is attached, complete inline, and hand later entries to the stream before this batch's
      committing = false;
      commitSoon();
    });
  }

  private void forget(List<String> keys) {
    for (String key : keys) {
      try {
        entries.remove(key);
        pending.remove(key);
      } catch (RuntimeException closedStore) {
        return; // the file never had them: its last good commit came before them
      }
    }
  }

  /** The file failed a write: refuse appends until it can be opened and written again. */
  private void failed(Throwable error) {
    if (failure != null) {
      return;
    }
    failure = "cannot write " + file + ": " + rootMessage(error);
    LOG.warn("store failing, refusing new messages until it can write again: {}", failure);
    List<Promise<Void>> stranded = waiting;
    waiting = new ArrayList<>();
    forget(waitingKeys);
    waitingKeys = new ArrayList<>();
    stranded.forEach(promise -> promise.fail(new StoreFailedException(failure)));
    vertx.setTimer(RETRY_MILLIS, id -> recover());
  }

  /** Opens the file again and writes what could not be written; on failure, tries again later. */
  private void recover() {
    if (closed) {
      return;
    }
    Map<String, Boolean> replay = new LinkedHashMap<>(unwritten);
    vertx.executeBlocking(() -> {
      long usable = Files.getFileStore(file.getParent()).getUsableSpace();
      if (usable < RECOVERY_SPACE) {
        throw new IllegalStateException("only " + usable + " bytes free");
      }
      if (!store.isClosed()) {
        store.closeImmediately();
      }
      MVStore reopened = openFile(file);
      try {
        MVMap<String, byte[]> reopenedEntries = reopened.openMap("entries");
        MVMap<String, Boolean> reopenedPending = reopened.openMap("pending");
        replay.forEach((key, acknowledged) -> {
          reopenedPending.remove(key);
          if (!acknowledged) {
            reopenedEntries.remove(key);
          }
        });
        reopened.commit();
        reopened.sync();
        return reopened;
      } catch (RuntimeException stillFailing) {
        reopened.closeImmediately();
        throw stillFailing;
      }
    }).onComplete(reopened -> {
      if (reopened.failed()) {
        LOG.debug("store still failing: {}", rootMessage(reopened.cause()));
        vertx.setTimer(RETRY_MILLIS, id -> recover());
        return;
      }
      use(reopened.result());
      replay.forEach(unwritten::remove); // unless changed again meanwhile
      LOG.info("store {} writes again after: {}", file, failure);
      failure = null;
      commitSoon();
    });
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String key(String stream, long seq) {
    String digits = Long.toString(seq);
    return stream + SEPARATOR + "0".repeat(19 - digits.length()) + digits;
  }
}
