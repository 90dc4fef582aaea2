package dev.barker.manifold.stream;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** The store of a manifold without {@code --store}: streams live in memory only, so this keeps nothing. */
public final class MemoryStore implements Store {

  /** Every append's answer: a completed future holds no state of its own, so one serves them all. */
  private static final Future<Boolean> STORED = Future.succeededFuture(true);

  @Override
  public Future<Boolean> append(String stream, Entry entry) {
    return STORED;
  }

  @Override
  public void acknowledge(String stream, long seq) {
    // nothing to forget
  }

  @Override
  public void remove(String stream, long seq) {
    // nothing to forget
  }

  @Override
  public Future<Map<String, List<Entry>>> load() {
    return Future.succeededFuture(Map.of());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
