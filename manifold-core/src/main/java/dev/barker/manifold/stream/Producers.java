package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpReceiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The links that send to a stream, and their credit. All of them share one budget, the room left
 * under the stream's limits, so it is granted here rather than per link (not
 * {@link AmqpReceiver#window}, which tops a link up as its own deliveries settle). The room is
 * shared fairly, and a producer that has sent nothing for a while is drained (it uses its credit or
 * gives it back) and then kept at one credit until it sends again: credit it sits on would
 * otherwise count against the stream's bytes and starve the producers that do send.
 *
 * <p>Credit is charged against the stream's bytes at what a delivery on that link may bring: the
 * largest message it has sent so far, rounded up to a power of two (at least {@link #SMALLEST}),
 * and the largest the link accepts until it has sent one. A producer of small messages so gets as
 * much credit as the window allows, not the few that would hold its largest possible messages; the
 * stream releases a delivery that would take it past its bytes (see {@link Stream}), so the
 * bound holds whatever a producer sends next.
 */
final class Producers {

  /** The least a credit is charged for, in message bytes. */
  static final int SMALLEST = 256;

  private final int window;
  private final List<AmqpReceiver> links = new ArrayList<>();
  private final Set<AmqpReceiver> sentSinceLastLook = new HashSet<>();
  private final Set<AmqpReceiver> idle = new HashSet<>();
  private final Map<AmqpReceiver, Integer> largest = new HashMap<>();
  private int nextFirst;

  /** Producers kept at {@code window} credits each, room permitting. */
  Producers(int window) {
    this.window = window;
  }

  void add(AmqpReceiver link) {
    links.add(link);
    sentSinceLastLook.add(link); // a new producer gets a full period before it counts as idle
  }

  void remove(AmqpReceiver link) {
    links.remove(link);
    sentSinceLastLook.remove(link);
    idle.remove(link);
    largest.remove(link);
  }

  int size() {
    return links.size();
  }

  boolean isEmpty() {
    return links.isEmpty();
  }

  /** {@code link} delivered a message of {@code bytes}: it is not idle. */
  void delivered(AmqpReceiver link, int bytes) {
    sentSinceLastLook.add(link);
    idle.remove(link);
    largest.merge(link, bytes, Math::max);
  }

  /**
   * What one credit of {@code link} is charged against the stream's bytes: its largest message so
   * far, rounded up to a power of two.
   */
  long charge(AmqpReceiver link) {
    Integer seen = largest.get(link);
    long size = seen == null ? link.maxMessageSize()
        : Math.min(link.maxMessageSize(), Math.max(SMALLEST, Long.highestOneBit(seen - 1L) << 1));
    return size;
  }

  /**
   * Drains each producer that holds more than one credit and has sent nothing since the last call
   * (the stream calls it about once a second), and keeps it at one credit until it sends again.
   */
  void drainIdle() {
    for (AmqpReceiver link : links) {
      if (!sentSinceLastLook.contains(link) && link.credit() > 1 && idle.add(link)) {
        link.drain();
      }
    }
    sentSinceLastLook.clear();
  }

  /**
   * Tops producers up, granting in all at most {@code messages} credits, less what is granted and
   * unused, and no more than {@code bytes} holds at each link's {@link #charge}. Each producer that sends is kept at
   * an equal share (at most the window), topped up once it has used half; idle ones at one credit.
   * The first producer served turns with each call, so none waits behind the others.
   */
  void grant(long messages, long bytes) {
    long roomLeft = messages - outstanding();
    long bytesLeft = bytes - outstandingBytes();
    int sending = Math.max(1, links.size() - idle.size());
    for (int i = 0; i < links.size() && roomLeft > 0 && bytesLeft > 0; i++) {
      AmqpReceiver link = links.get((nextFirst + i) % links.size());
      long charge = charge(link);
      long share = Math.min(messages, bytes / charge) / sending;
      int target = idle.contains(link) ? 1 : (int) Math.max(1, Math.min(window, share));
      int credit = link.credit();
      long grant = Math.min(target - credit, Math.min(roomLeft, bytesLeft / charge));
      if (credit <= target / 2 && grant > 0) {
        link.flow((int) grant);
        roomLeft -= grant;
        bytesLeft -= grant * charge;
      }
    }
    nextFirst = links.isEmpty() ? 0 : (nextFirst + 1) % links.size();
  }

  /** Credit granted and not yet used. */
  private int outstanding() {
    int credit = 0;
    for (AmqpReceiver link : links) {
      credit += link.credit();
    }
    return credit;
  }

  /** Bytes the credit granted and not yet used could bring in, at most. */
  private long outstandingBytes() {
    long bytes = 0;
    for (AmqpReceiver link : links) {
      bytes += link.credit() * charge(link);
    }
    return bytes;
  }
}
