package dev.barker.manifold.stream;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where streams keep what they accepted. {@link MemoryStore} keeps nothing beyond the process;
 * {@link DurableStore} survives {@code kill -9}. Calls come from the manifold's context.
 */
public interface Store {

  /** Records a new entry; the future completes once it is as safe as this store makes things. */
  Future<Void> append(String stream, Entry entry);

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

  /** Makes everything durable and releases the store. */
  Future<Void> close();
}
