package dev.barker.manifold.stream;

import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.InboundDelivery;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.engine.RecentIds;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered stream of messages, for one sub-address. Producers append (each delivery accepted
 * once stored); subscribers each get the last {@code history} entries and then every new one;
 * when the stream is pushed, each entry stays until the push target settles it. Producers get
 * credit only while the push backlog, and every subscriber's lag, is under the limit, so a slow
 * subscriber or a stalled push target slows them instead of filling memory, and nothing is
 * dropped; a subscriber that holds producers back and takes nothing for the limit's timeout is
 * detached. A redelivered copy (same message-id, within the dedupe window) is accepted and
 * dropped. Lives on the manifold's context.
 */
public final class Stream {

  private static final Logger LOG = LoggerFactory.getLogger(Stream.class);
  private final String name;
  private final StreamLimits limits;
  private final boolean pushed;
  private final Store store;
  private final Meter meter;
  private final EntryLog log = new EntryLog();
  private final RecentIds recentIds;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<AmqpReceiver> producers = new ArrayList<>();
  private final Map<Long, Future<Void>> storing = new HashMap<>();
  private Runnable onEntry = () -> { };
  private long lastUsedMillis = System.currentTimeMillis();
  private long nextSeq;
  private long published;
  private long pushCursor;
  private int backlog;
  private int appending;
  private long duplicates;

  /** A stream called {@code name}; {@code pushed} when every entry must be settled downstream. */
  public Stream(String name, StreamLimits limits, boolean pushed, Store store, Meter meter) {
    this.name = name;
    this.limits = limits;
    this.pushed = pushed;
    this.store = store;
    this.meter = meter;
    this.recentIds = new RecentIds(limits.dedupeWindow());
  }

  /** The sub-address path, e.g. {@code /outbox/ark3}. */
  public String name() {
    return name;
  }

  /** Puts back what the store kept (at start, before any link). */
  public void restore(List<Entry> entries) {
    for (Entry entry : entries) {
      recentIds.add(entry.messageIdKey());
      nextSeq = entry.seq() + 1;
      publish(entry);
    }
  }

  /** Called whenever there may be a new entry to push. */
  public void onEntry(Runnable handler) {
    this.onEntry = handler;
  }

  /** Takes a producer link (the peer sends to this stream). */
  public void addProducer(AmqpReceiver link) {
    producers.add(link);
    used();
    link.handler(this::onDelivery).closeHandler(condition -> {
      producers.remove(link);
      used();
    });
    link.open();
    grantCredit();
  }

  /** Takes a subscriber link: history first, then everything new. */
  public void addSubscriber(AmqpSender link) {
    int start = Math.max(0, log.size() - limits.history());
    Subscriber subscriber = new Subscriber(link, start < log.size() ? log.at(start).seq() : nextSeq);
    subscribers.add(subscriber);
    used();
    link.sendableHandler(l -> {
      drain(subscriber);
      grantCredit();
    }).closeHandler(condition -> {
      subscribers.remove(subscriber);
      used();
      trim();
      grantCredit();
    });
    link.open();
  }

  /** Appends a message that arrived some other way (a dead letter); completes once stored. */
  public Future<Void> append(byte[] encodedMessage) {
    return store(encodedMessage, MessageCodec.messageIdKey(encodedMessage));
  }

  /** The oldest entry the push has not taken yet, or null. */
  public Entry takeForPush() {
    for (int index = log.indexOfFirstAtLeast(pushCursor); index < log.size(); index++) {
      Entry entry = log.at(index);
      pushCursor = entry.seq() + 1;
      if (entry.isPending()) {
        return entry;
      }
    }
    return null;
  }

  /** The push target settled {@code entry} (accepted, or rejected and dead-lettered). */
  public void acknowledge(Entry entry) {
    if (entry.isPending()) {
      used();
      entry.acknowledged();
      backlog--;
      store.acknowledge(name, entry.seq());
      trim();
      grantCredit();
    }
  }

  /**
   * True when nothing has been attached, held or in flight for {@code graceMillis}: the stream may
   * go. The grace keeps its dedupe window for producers that come back to send again what they
   * never saw accepted.
   */
  public boolean isUnusedFor(long graceMillis) {
    return producers.isEmpty() && subscribers.isEmpty() && log.isEmpty() && appending == 0
        && System.currentTimeMillis() - lastUsedMillis >= graceMillis;
  }

  /** Entries held. */
  public int depth() {
    return log.size();
  }

  /** Entries still owed an outcome by the push target. */
  public int backlog() {
    return backlog;
  }

  /** When the oldest entry owed an outcome arrived (ms), or 0 when none is. */
  public long oldestPendingMillis() {
    for (int index = 0; index < log.size(); index++) {
      if (log.at(index).isPending()) {
        return log.at(index).appendedAtMillis();
      }
    }
    return 0;
  }

  /**
   * Detaches, with {@code amqp:resource-limit-exceeded}, every subscriber that holds producers back
   * (owed at least half the backlog limit) and has taken nothing for the limits' timeout.
   */
  public void detachStalledSubscribers() {
    long now = System.currentTimeMillis();
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      long lag = subscriber.lag(published);
      if (lag >= limits.maxBacklog() / 2 && subscriber.hasTakenNothingFor(limits.stalledSubscriberMillis(), now)) {
        LOG.warn("stream {}: detaching a subscriber {} messages behind that took none for {} ms", name, lag,
            limits.stalledSubscriberMillis());
        subscriber.link.close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "this subscriber is " + lag
            + " messages behind and took none for " + limits.stalledSubscriberMillis() + " ms, holding back "
            + name + "'s producers"));
      }
    }
  }

  /** Redelivered copies dropped so far. */
  public long duplicates() {
    return duplicates;
  }

  private void onDelivery(InboundDelivery delivery) {
    used();
    long messageId = MessageCodec.messageIdKey(delivery.bytes());
    Future<Void> original = messageId == 0 ? null : storing.get(messageId);
    if (original != null) {
      duplicates++; // the first copy is not stored yet: settle this one as that one ends
      original.onComplete(stored -> settle(delivery, stored.succeeded()));
      return;
    }
    if (!recentIds.add(messageId)) {
      duplicates++;
      settle(delivery, true);
      return;
    }
    Future<Void> stored = store(delivery.bytes(), messageId);
    if (messageId != 0 && !stored.isComplete()) {
      storing.put(messageId, stored);
    }
    stored.onComplete(result -> {
      storing.remove(messageId);
      if (result.failed()) {
        recentIds.remove(messageId); // so the producer's retry is not taken for a duplicate
      }
      settle(delivery, result.succeeded());
    });
  }

  /** Accepts a delivery that is stored, releases one that is not (its producer sends it again). */
  private void settle(InboundDelivery delivery, boolean stored) {
    if (stored) {
      delivery.accept();
    } else {
      delivery.release();
    }
    grantCredit();
  }

  private void used() {
    lastUsedMillis = System.currentTimeMillis();
  }

  private Future<Void> store(byte[] bytes, long messageId) {
    Entry entry = new Entry(nextSeq++, bytes, messageId, pushed, System.currentTimeMillis());
    appending++;
    return store.append(name, entry).onComplete(stored -> {
      appending--;
      if (stored.succeeded()) {
        meter.incoming(1);
        publish(entry);
      } else {
        LOG.error("stream {}: could not store an entry: {}", name, stored.cause().toString());
      }
    });
  }

  private void publish(Entry entry) {
    log.append(entry);
    published = entry.seq() + 1;
    if (entry.isPending()) {
      backlog++;
    }
    for (Subscriber subscriber : subscribers) {
      drain(subscriber);
    }
    trim();
    onEntry.run();
  }

  private void drain(Subscriber subscriber) {
    meter.outgoing(subscriber.drain(log));
    trim();
  }

  /** Drops entries nobody needs: beyond the history, settled downstream, sent to every subscriber. */
  private void trim() {
    while (log.size() > limits.history()) {
      Entry first = log.first();
      if (first.isPending() || isOwedToASubscriber(first.seq())) {
        return;
      }
      log.removeFirst();
      store.remove(name, first.seq());
    }
  }

  private boolean isOwedToASubscriber(long seq) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.cursor <= seq) {
        return true;
      }
    }
    return false;
  }

  private long largestLag() {
    long largest = 0;
    for (Subscriber subscriber : subscribers) {
      largest = Math.max(largest, subscriber.lag(published));
    }
    return largest;
  }

  /**
   * Tops producers up to their window, never letting backlog (or the slowest subscriber's lag) plus
   * credit pass the limit. (Not
   * {@link AmqpReceiver#window}: that tops a link up as its own deliveries settle, but here all the
   * producers of a stream share one budget, the room left under the backlog limit.)
   */
  private void grantCredit() {
    int outstanding = 0;
    for (AmqpReceiver producer : producers) {
      outstanding += producer.credit();
    }
    long room = limits.maxBacklog() - Math.max(backlog, largestLag()) - appending - outstanding;
    for (AmqpReceiver producer : producers) {
      int credit = producer.credit();
      if (credit <= limits.producerWindow() / 2 && room > 0) {
        int grant = (int) Math.min(limits.producerWindow() - credit, room);
        producer.flow(grant);
        room -= grant;
      }
    }
  }
}
