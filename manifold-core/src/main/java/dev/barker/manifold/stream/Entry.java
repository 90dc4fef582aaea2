package dev.barker.manifold.stream;

/**
 * One message in a {@link Stream}: its position, its bytes exactly as they arrived, the key of its
 * message-id (for dedupe; 0 when it has none) and whether downstream still owes an outcome.
 */
public final class Entry {

  private final long seq;
  private final byte[] bytes;
  private final long messageIdKey;
  private final long appendedAtMillis;
  private boolean pending;

  /** An entry; {@code pending} when it is still to be acknowledged by the push target. */
  public Entry(long seq, byte[] bytes, long messageIdKey, boolean pending, long appendedAtMillis) {
    this.seq = seq;
    this.bytes = bytes;
    this.messageIdKey = messageIdKey;
    this.pending = pending;
    this.appendedAtMillis = appendedAtMillis;
  }

  /** Position in the stream, from 0. */
  public long seq() {
    return seq;
  }

  /** The encoded message. */
  public byte[] bytes() {
    return bytes;
  }

  /** The key of its message-id, or 0 when it has none. */
  public long messageIdKey() {
    return messageIdKey;
  }

  /** True until the push target has accepted (or rejected) it. */
  public boolean isPending() {
    return pending;
  }

  /** When it was appended (wall clock, ms). */
  public long appendedAtMillis() {
    return appendedAtMillis;
  }

  void acknowledged() {
    pending = false;
  }
}
