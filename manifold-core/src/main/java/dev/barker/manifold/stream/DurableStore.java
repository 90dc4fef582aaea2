package dev.barker.manifold.stream;

import dev.barker.manifold.stream.JournalFile.Record;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on disk: an append-only journal ({@code journal-N.log} in the directory, see
 * {@link JournalFile}) of appends, acknowledgements and trims. Writes are group-committed: while
 * one commit (write plus {@code fdatasync}) runs on a worker thread, what the streams do meanwhile
 * waits and goes in the next one, so durability costs one sync per batch, not per message. An
 * append's future completes only once its batch is on disk; acknowledgements and trims ride along
 * (losing one to a crash means a message is pushed again, which downstream dedupe absorbs).
 *
 * <p>The store keeps an index of what is retained ({@link RetainedIndex}; the bytes are the streams'
 * own arrays, not copies). Once the journal is more than twice what is retained (and over
 * {@link #COMPACT_THRESHOLD}), the next commit writes what is retained into a new file and deletes
 * the old one, so the disk holds what traffic leaves behind, not its total.
 *
 * <p>When the disk fails a write (full, or an I/O error) the file is cut back to its last whole
 * record, and the store refuses appends ({@link #failure()} says why); every {@link #RETRY_MILLIS},
 * once {@link #RECOVERY_SPACE} is free, it writes again, first the acknowledgements and trims made
 * meanwhile. Nothing accepted is lost: an append is accepted only once on disk.
 *
 * <p>Why not a library: H2's MVStore (used before) rewrote B-tree pages on every commit and took
 * 1.6 cores for 80,000 durable messages/s; a journal's writes are the records themselves.
 */
public final class DurableStore implements Store {

  /** How often a failed store tries its file again. */
  public static final long RETRY_MILLIS = 1_000;
  /** Free space a failed store waits for before it takes appends again, so that it does not fail again at once. */
  public static final long RECOVERY_SPACE = 512 * 1024;
  /** The journal size below which it is never compacted. */
  public static final long COMPACT_THRESHOLD = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);
  private static final String PREFIX = "journal-";
  private static final String SUFFIX = ".log";
  /** What a store of earlier versions (H2's MVStore) left in its directory. */
  private static final String EARLIER_STORE = "manifold.mv.db";

  private final Vertx vertx;
  private final Path directory;
  private final RetainedIndex retained;
  /**
   * What the last compaction wrote (or, after a start or a failed one, the journal's size then): the
   * journal grows by as much again before the next, so copying costs at most what was written.
   */
  private long compactedBytes;
  private JournalFile journal;
  private long nextFile;
  private List<Record> queued = new ArrayList<>();
  private List<Promise<Boolean>> waiting = new ArrayList<>();
  private boolean committing;
  private boolean scheduled;
  private String failure;
  private boolean closed;

  private DurableStore(Vertx vertx, Path directory, RetainedIndex retained, JournalFile journal, long nextFile) {
    this.vertx = vertx;
    this.directory = directory;
    this.retained = retained;
    this.journal = journal;
    this.nextFile = nextFile;
    this.compactedBytes = retained.bytes();
  }

  /** Opens (or creates) the store in {@code directory}, reading its journal, on a worker thread. */
  public static Future<DurableStore> open(Vertx vertx, Path directory) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(directory);
      if (Files.exists(directory.resolve(EARLIER_STORE))) {
        throw new IOException(directory + " holds a store of an earlier version (" + EARLIER_STORE
            + "): let that version deliver what it holds, or move the directory away");
      }
      List<Path> files = journalFiles(directory);
      RetainedIndex retained = new RetainedIndex();
      long next = files.isEmpty() ? 1 : number(files.get(files.size() - 1)) + 1;
      JournalFile journal;
      if (files.size() == 1) {
        journal = JournalFile.open(files.get(0), retained::apply);
      } else { // none yet, or a compaction a crash cut short (its new file may be torn): all they hold, anew
        for (Path file : files) {
          JournalFile.open(file, retained::apply).close();
        }
        journal = JournalFile.create(directory.resolve(name(next++)));
        journal.write(retained.records(), true);
        for (Path old : files) {
          Files.delete(old);
        }
        JournalFile.syncDirectory(directory);
      }
      return new DurableStore(vertx, directory, retained, journal, next);
    });
  }

  /** True when {@code directory} holds a store (of this version or an earlier one). */
  public static boolean isStoreIn(Path directory) throws IOException {
    return Files.exists(directory.resolve(EARLIER_STORE)) || !journalFiles(directory).isEmpty();
  }

  @Override
  public Future<Boolean> append(String stream, Entry entry) {
    if (failure != null || closed) {
      return Future.failedFuture(new StoreFailedException(closed ? "the store is closed" : failure));
    }
    retained.put(stream, entry.seq(), entry.bytes(), entry.isPending());
    queued.add(Record.append(stream, entry));
    Promise<Boolean> durable = Promise.promise();
    waiting.add(durable);
    commitSoon();
    return durable.future();
  }

  @Override
  public void acknowledge(String stream, long seq) {
    if (!closed && retained.acknowledge(stream, seq)) {
      queued.add(new Record(JournalFile.Type.ACKNOWLEDGE, stream, seq, null, false));
      commitSoon();
    }
  }

  @Override
  public void remove(String stream, long seq) {
    if (!closed && retained.forget(stream, seq)) {
      queued.add(new Record(JournalFile.Type.REMOVE, stream, seq, null, false));
      commitSoon();
    }
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public Future<Map<String, List<Entry>>> load() {
    return Future.succeededFuture(retained.entries(System.currentTimeMillis()));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    Promise<Void> done = Promise.promise();
    whenIdle(() -> {
      List<Record> batch = failure == null ? queued : List.of();
      List<Promise<Boolean>> durable = waiting;
      queued = new ArrayList<>();
      waiting = new ArrayList<>();
      vertx.executeBlocking(() -> {
        try (JournalFile closing = journal) {
          closing.write(batch, true);
        }
        return null;
      }).onComplete(result -> {
        complete(durable, result.failed() ? new StoreFailedException(cannotWrite(result.cause())) : null);
        done.handle(result.mapEmpty());
      });
    });
    return done.future();
  }

  /** Runs {@code then} once no commit is under way. */
  private void whenIdle(Runnable then) {
    if (!committing) {
      then.run();
    } else {
      vertx.setTimer(1, id -> whenIdle(then));
    }
  }

  /** Starts a commit at the end of this event-loop turn, so that the turn's changes go together. */
  private void commitSoon() {
    if (!scheduled && !committing && failure == null && !closed) {
      scheduled = true;
      vertx.runOnContext(v -> {
        scheduled = false;
        commit();
      });
    }
  }

  private void commit() {
    if (committing || queued.isEmpty() || failure != null || closed) {
      return;
    }
    committing = true;
    List<Record> batch = queued;
    List<Promise<Boolean>> durable = waiting;
    queued = new ArrayList<>();
    waiting = new ArrayList<>();
    long size = journal.size();
    boolean compact = size > COMPACT_THRESHOLD && size > 2 * retained.bytes() && size > 2 * compactedBytes;
    List<Record> snapshot = compact ? retained.records() : null; // holds what the batch did: it replaces the batch
    vertx.executeBlocking(() -> {
      if (snapshot == null || !compactedInto(snapshot)) {
        journal.write(batch, !durable.isEmpty()); // only appends are waited for: make them survive power loss too
      }
      return null;
    }).onComplete(result -> {
      try {
        if (result.failed()) {
          failed(result.cause(), batch, durable);
        } else {
          complete(durable, null);
        }
      } finally {
        // only now: a commit started from a handler above may finish before its completion handler
        // is attached, complete inline, and hand later entries to the stream before this batch's
        committing = false;
        commitSoon();
      }
    });
  }

  /** Completes appends: with true, or failed with {@code error}; a handler that throws does not keep the others waiting. */
  private static void complete(List<Promise<Boolean>> appends, Throwable error) {
    for (Promise<Boolean> append : appends) {
      try {
        if (error == null) {
          append.complete(true);
        } else {
          append.fail(error);
        }
      } catch (RuntimeException e) {
        LOG.error("a handler of an append failed", e);
      }
    }
  }

  /**
   * Writes {@code snapshot} into a new file and deletes the old one (worker thread). False when the
   * new file cannot be written (a disk too full for it, say): the old one goes on, and the next try
   * waits until it has doubled.
   */
  private boolean compactedInto(List<Record> snapshot) {
    Path path = directory.resolve(name(nextFile++));
    JournalFile compacted;
    try {
      compacted = JournalFile.create(path);
      try {
        compacted.write(snapshot, true);
      } catch (IOException e) {
        compacted.close();
        throw e;
      }
    } catch (IOException e) {
      LOG.warn("cannot compact the journal into {} ({}); going on in {}", path, rootMessage(e), journal.path());
      try {
        Files.deleteIfExists(path);
      } catch (IOException stillThere) {
        LOG.debug("cannot delete {}: {}", path, stillThere.getMessage()); // read and rewritten at the next start
      }
      compactedBytes = journal.size();
      return false;
    }
    JournalFile old = journal;
    journal = compacted;
    compactedBytes = compacted.size();
    try {
      old.close();
      Files.delete(old.path());
      JournalFile.syncDirectory(directory);
    } catch (IOException e) {
      LOG.warn("compacted the journal into {} but cannot delete {} ({}); the next start will", compacted.path(),
          old.path(), rootMessage(e));
    }
    LOG.debug("journal compacted to {} ({} entries)", compacted.path(), snapshot.size());
    return true;
  }

  /**
   * A commit failed: its appends and those made meanwhile are refused and forgotten (their
   * producers are told no and send again: no ghost copies), its other records go again once the
   * store can write; until then it refuses appends.
   */
  private void failed(Throwable error, List<Record> batch, List<Promise<Boolean>> durable) {
    List<Record> again = new ArrayList<>();
    for (Record record : concat(batch, queued)) {
      if (record.type() == JournalFile.Type.APPEND) {
        retained.forget(record.stream(), record.seq());
      } else {
        again.add(record);
      }
    }
    queued = again;
    failure = cannotWrite(error);
    LOG.warn("store failing, refusing new messages until it can write again: {}", failure);
    List<Promise<Boolean>> stranded = waiting;
    waiting = new ArrayList<>();
    StoreFailedException refused = new StoreFailedException(failure);
    complete(durable, refused);
    complete(stranded, refused);
    vertx.setTimer(RETRY_MILLIS, id -> recover());
  }

  private static List<Record> concat(List<Record> first, List<Record> second) {
    List<Record> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /** Writes what waited once there is room for it; on failure, tries again later. */
  private void recover() {
    if (closed) {
      return;
    }
    List<Record> replay = queued;
    queued = new ArrayList<>();
    vertx.executeBlocking(() -> {
      long usable = Files.getFileStore(directory).getUsableSpace();
      if (usable < RECOVERY_SPACE) {
        throw new IOException("only " + usable + " bytes free");
      }
      journal.write(replay, true);
      return null;
    }).onComplete(written -> {
      if (written.failed()) {
        replay.addAll(queued);
        queued = replay;
        LOG.debug("store still failing: {}", rootMessage(written.cause()));
        vertx.setTimer(RETRY_MILLIS, id -> recover());
        return;
      }
      LOG.info("store {} writes again after: {}", directory, failure);
      failure = null;
      commitSoon();
    });
  }

  private static List<Path> journalFiles(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listed = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path path : listed) {
        if (path.getFileName().toString().matches(PREFIX + "\\d+\\" + SUFFIX)) {
          files.add(path);
        }
      }
    }
    files.sort(Comparator.comparingLong(DurableStore::number));
    return files;
  }

  private static long number(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  private static String name(long number) {
    return PREFIX + number + SUFFIX;
  }

  /** Why the journal took no write, in one line. */
  private String cannotWrite(Throwable error) {
    return "cannot write " + journal.path() + ": " + rootMessage(error);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
