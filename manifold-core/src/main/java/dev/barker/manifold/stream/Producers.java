package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpReceiver;
import java.util.ArrayList;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

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
  private final ArrayList<Producer> links = new ArrayList<>();
  private int nextFirst;

  /** One producer link and what the stream knows of it. */
  static final class Producer {
    private final AmqpReceiver link;
    private boolean sentSinceLastLook = true; // a new producer gets a full period before it counts as idle
    private boolean idle;
    private int largest = -1;

    private Producer(AmqpReceiver link) {
      this.link = link;
    }

    /** It delivered a message of {@code bytes}: it is not idle. */
    void delivered(int bytes) {
      sentSinceLastLook = true;
      idle = false;
      largest = Math.max(largest, bytes);
    }

    /**
     * What one credit of it is charged against the stream's bytes: its largest message so far,
     * rounded up to a power of two.
     */
    long charge() {
      return largest < 0 ? link.maxMessageSize()
          : Math.min(link.maxMessageSize(), Math.max(SMALLEST, Long.highestOneBit(largest - 1L) << 1));
    }
  }

  /** Producers kept at {@code window} credits each, room permitting. */
  Producers(int window) {
    this.window = window;
  }

  Producer add(AmqpReceiver link) {
    Producer producer = new Producer(link);
    links.add(producer);
    return producer;
  }

  void remove(Producer producer) {
    links.remove(producer);
    if (links.isEmpty()) {
      links.trimToSize(); // an idle stream keeps no array
    }
  }

  int size() {
    return links.size();
  }

  /** Detaches every producer link with {@code condition}. */
  void closeAll(ErrorCondition condition) {
    for (Producer producer : new ArrayList<>(links)) {
      producer.link.close(condition);
    }
  }

  boolean isEmpty() {
    return links.isEmpty();
  }

  /**
   * Drains each producer that holds more than one credit and has sent nothing since the last call
   * (the stream calls it about once a second), and keeps it at one credit until it sends again.
   */
  void drainIdle() {
    for (Producer producer : links) {
      if (!producer.sentSinceLastLook && producer.link.credit() > 1 && !producer.idle) {
        producer.idle = true;
        producer.link.drain();
      }
      producer.sentSinceLastLook = false;
    }
  }

  /**
   * Tops producers up, granting in all at most {@code messages} credits, less what is granted and
   * unused, and no more than {@code bytes} holds at each link's {@link Producer#charge}. Each producer
   * that sends is kept at an equal share (at most the window), topped up once it has used half;
   * idle ones at one credit. The first producer served turns with each call, so none waits behind
   * the others.
   */
  void grant(long messages, long bytes) {
    if (allAboveHalfWindow()) {
      return; // no producer's target exceeds the window, so none is due a top-up: the common case, once per delivery
    }
    long roomLeft = messages;
    long bytesLeft = bytes;
    int idle = 0;
    for (Producer producer : links) {
      roomLeft -= producer.link.credit();
      bytesLeft -= producer.link.credit() * producer.charge();
      idle += producer.idle ? 1 : 0;
    }
    int sending = Math.max(1, links.size() - idle);
    for (int i = 0; i < links.size() && roomLeft > 0 && bytesLeft > 0; i++) {
      Producer producer = links.get((nextFirst + i) % links.size());
      long charge = producer.charge();
      long share = Math.min(messages, bytes / charge) / sending;
      int target = producer.idle ? 1 : (int) Math.max(1, Math.min(window, share));
      int credit = producer.link.credit();
      long grant = Math.min(target - credit, Math.min(roomLeft, bytesLeft / charge));
      if (credit <= target / 2 && grant > 0) {
        producer.link.flow((int) grant);
        roomLeft -= grant;
        bytesLeft -= grant * charge;
      }
    }
    nextFirst = links.isEmpty() ? 0 : (nextFirst + 1) % links.size();
  }

  private boolean allAboveHalfWindow() {
    for (int i = 0; i < links.size(); i++) { // once per delivery: indexed, no iterator
      if (links.get(i).link.credit() <= window / 2) {
        return false;
      }
    }
    return true;
  }
}
