package dev.barker.manifold.stream;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where streams keep what they accepted. {@link MemoryStore} keeps nothing beyond the process;
 * {@link DurableStore} survives {@code kill -9}; {@link RedisStore} survives the loss of the
 * manifold's machine, and lets another manifold serve the stream. Calls come from the manifold's context.
 */
public interface Store {

  /**
   * Records a new entry; completes with true once it is as safe as this store makes things, or with
   * false when the store already holds a message with the entry's message-id (a copy sent again
   * to another manifold than the one that stored it: accept it, keep nothing).
   */
  Future<Boolean> append(String stream, Entry entry);

  /** The push target settled the entry: it need not be pushed again after a restart. */
  void acknowledge(String stream, long seq);

  /** The entry left the stream (trimmed): forget it. */
  void remove(String stream, long seq);

  /**
   * Why the store cannot take appends now (its disk failed), in one line; null while it can. A
   * failing store fails appends with {@link StoreFailedException} and recovers by itself.
   */
  default String failure() {
    return null;
  }

  /** Everything retained, per stream in seq order (used once, at start). */
  Future<Map<String, List<Entry>>> load();

  /**
   * What the store holds of {@code stream} beyond what {@link #load()} gave: a store that several
   * manifolds share loads each stream when one of them first serves it. Nothing, for a store
   * that loads everything at start.
   */
  default Future<StreamState> loadStream(String stream) {
    return Future.succeededFuture(StreamState.EMPTY);
  }

  /**
   * Streams under {@code path} that the store holds entries of, which another manifold may have
   * left for this one to push; none for a store that loads everything at start.
   */
  default Future<List<String>> streamsUnder(String path) {
    return Future.succeededFuture(List.of());
  }

  /** True when other manifolds read and write it too, so a stream may move between them. */
  default boolean isShared() {
    return false;
  }

  /** Makes everything durable and releases the store. */
  Future<Void> close();
}
