package dev.barker.manifold.stream;

/**
 * A shared store holds more of a stream than this manifold read (another served it meanwhile, as
 * during a partition): the stream must be read again before it takes appends.
 */
public final class StaleStreamException extends StoreFailedException {

  /** @param reason what the store found */
  public StaleStreamException(String reason) {
    super(reason);
  }
}
