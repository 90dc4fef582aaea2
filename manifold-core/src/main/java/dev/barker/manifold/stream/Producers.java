package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpReceiver;
import java.util.ArrayList;
import java.util.List;

/**
 * The links that send to a stream, and their credit. All of them share one budget, the room left
 * under the stream's limit, so it is granted here rather than per link (not
 * {@link AmqpReceiver#window}, which tops a link up as its own deliveries settle).
 */
final class Producers {

  private final int window;
  private final List<AmqpReceiver> links = new ArrayList<>();

  /** Producers kept at {@code window} credits each, room permitting. */
  Producers(int window) {
    this.window = window;
  }

  void add(AmqpReceiver link) {
    links.add(link);
  }

  void remove(AmqpReceiver link) {
    links.remove(link);
  }

  int size() {
    return links.size();
  }

  boolean isEmpty() {
    return links.isEmpty();
  }

  /** Credit granted and not yet used. */
  int outstanding() {
    int credit = 0;
    for (AmqpReceiver link : links) {
      credit += link.credit();
    }
    return credit;
  }

  /**
   * Tops each producer that has used half its window back up, granting at most {@code room}
   * messages in all, and no more of them than {@code bytesRoom} holds of the largest message each
   * link accepts (what credit may bring in before anything is known of its size).
   */
  void grant(long room, long bytesRoom) {
    for (AmqpReceiver link : links) {
      int credit = link.credit();
      long fits = bytesRoom / link.maxMessageSize();
      if (credit <= window / 2 && room > 0 && fits > 0) {
        int grant = (int) Math.min(window - credit, Math.min(room, fits));
        link.flow(grant);
        room -= grant;
        bytesRoom -= (long) grant * link.maxMessageSize();
      }
    }
  }

  /** Bytes the credit granted and not yet used could bring in, at most. */
  long outstandingBytes() {
    long bytes = 0;
    for (AmqpReceiver link : links) {
      bytes += (long) link.credit() * link.maxMessageSize();
    }
    return bytes;
  }
}
