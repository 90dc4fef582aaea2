package dev.barker.manifold.stream;

/** The store cannot keep a message now (its disk is full, say); the message says why, in one line. */
public class StoreFailedException extends RuntimeException {

  /** @param reason why the store cannot write, e.g. "cannot write data/journal-1.log: No space left on device" */
  public StoreFailedException(String reason) {
    super(reason);
  }
}
