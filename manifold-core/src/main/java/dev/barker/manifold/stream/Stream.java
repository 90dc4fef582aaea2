package dev.barker.manifold.stream;

import dev.barker.manifold.Delivery;
import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MemoryBudget;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Sender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered stream of messages, for one sub-address. Producers append (each delivery accepted
 * once stored, a redelivered copy accepted and dropped); its {@link Subscribers} each get the last
 * {@code history} entries and then every new one; when pushed, its {@link Push} forwards each
 * entry at least once and the entry stays in the {@link Backlog} until the target settles it.
 * Producers get credit only while the backlog, and every subscriber's lag, is under the limit, so
 * a slow subscriber or a stalled push target slows them instead of filling memory, and nothing is
 * dropped. A delivery that would take the stream past its bytes (larger than its producer sent
 * before, which its credit was charged at) is released: its producer sends it again once there is
 * room. Lives on the manifold's context.
 */
public final class Stream {

  /** Entries a push has in flight at most: what a failover may deliver twice (downstream dedupe drops them). */
  public static final int PUSH_WINDOW = 100;
  /** What the memory budget is charged for a stream itself (measured: about 1.4 KiB with one small message). */
  public static final int STREAM_COST = 1536;
  /** What the memory budget is charged per entry beyond its bytes. */
  static final int ENTRY_COST = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Stream.class);
  private final String name;
  private final StreamLimits limits;
  private final Store store;
  private final Meter meter;
  private final MemoryBudget budget;
  private final EntryLog log = new EntryLog();
  private final Dedupe dedupe;
  private final Producers producers;
  private final Subscribers subscribers;
  private final Backlog backlog;
  private Push push;
  private Future<Void> ready = Future.succeededFuture();
  private boolean stale;
  private long lastUsedMillis = System.currentTimeMillis();
  private long nextSeq;
  private long published;
  private int appending;
  private long heldBytes;
  private long received;
  private long sent;

  /**
   * A stream called {@code name}; {@code pushed} when every entry must be settled downstream. It
   * charges {@code budget} for itself and its entries while it lives.
   */
  public Stream(String name, StreamLimits limits, boolean pushed, Store store, Meter meter, MemoryBudget budget) {
    this.name = name;
    this.limits = limits;
    this.store = store;
    this.meter = meter;
    this.budget = budget;
    budget.charge(STREAM_COST);
    this.dedupe = new Dedupe(limits.dedupeWindow());
    this.producers = new Producers(limits.producerWindow());
    this.subscribers = new Subscribers(name);
    this.backlog = pushed ? new Backlog(log, this::acknowledged) : null;
  }

  /** The sub-address path, e.g. {@code /outbox/ark3}. */
  public String name() {
    return name;
  }

  /**
   * Starts pushing a pushed stream through {@code sender}; entries the target rejects go to
   * {@code deadLetters}, with the target's reason. {@code vertx} times the retries of released ones.
   */
  public void pushTo(Vertx vertx, Sender sender, BiConsumer<Entry, DeliveryException> deadLetters) {
    if (backlog == null) {
      throw new IllegalStateException("stream " + name + " was not made to be pushed");
    }
    whenReady(() -> {
      push = new Push(vertx, sender, backlog, deadLetters, meter);
      push.pump();
    }, cause -> { });
  }

  /** Puts back what the store kept (at start, before any link). */
  public void restore(List<Entry> entries) {
    for (Entry entry : entries) {
      dedupe.remember(entry.messageIdKey());
      hold(entry);
      nextSeq = entry.seq() + 1;
      publish(entry);
    }
  }

  /**
   * Puts back what a shared store kept of it once {@code kept} completes; links, appends and the
   * push wait until then. If it cannot be read, links are refused saying why, and the stream is
   * unused at once (the next link tries again).
   */
  public void restore(Future<StreamState> kept) {
    ready = kept.map(state -> {
      restore(state.entries());
      nextSeq = Math.max(nextSeq, state.nextSeq());
      return null;
    });
  }

  /** Takes a producer link (the peer sends to this stream). */
  public void addProducer(AmqpReceiver link) {
    whenReady(() -> attachProducer(link), cause -> link.refuse(unreadable(cause)));
  }

  /** Takes a subscriber link: history first, then everything new. */
  public void addSubscriber(AmqpSender link) {
    whenReady(() -> attachSubscriber(link), cause -> link.refuse(unreadable(cause)));
  }

  /**
   * Detaches every link with {@code condition} (another manifold serves the stream now) and stops
   * pushing; what the store holds stays for that one.
   */
  public void handOver(ErrorCondition condition) {
    producers.closeAll(condition);
    subscribers.closeAll(condition);
    close();
  }

  private void whenReady(Runnable action, Consumer<Throwable> onUnreadable) {
    if (ready.isComplete()) {
      if (ready.succeeded()) {
        action.run();
      } else {
        onUnreadable.accept(ready.cause());
      }
    } else {
      ready.onComplete(loaded -> whenReady(action, onUnreadable));
    }
  }

  private ErrorCondition unreadable(Throwable cause) {
    return new ErrorCondition(AmqpError.INTERNAL_ERROR, "could not read " + name + " from the store: "
        + cause.getMessage());
  }

  private void attachProducer(AmqpReceiver link) {
    Producers.Producer producer = producers.add(link);
    used();
    link.drainedHandler(drained -> grantCredit()).handler(delivery -> {
      producer.delivered(delivery.bytes().length);
      onDelivery(delivery);
    }).closeHandler(condition -> {
      producers.remove(producer);
      used();
    });
    link.open();
    grantCredit();
  }

  private void attachSubscriber(AmqpSender link) {
    int start = Math.max(0, log.size() - limits.history());
    Subscriber subscriber = subscribers.add(link, start < log.size() ? log.at(start).seq() : nextSeq);
    used();
    link.sendableHandler(l -> {
      sentOn(subscriber.drain(log));
      trim();
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
    return ready.compose(v -> store(encodedMessage, MessageCodec.messageIdKey(encodedMessage), System.currentTimeMillis()));
  }

  /** What the push target still owes, or null when the stream is not pushed. */
  public Backlog backlog() {
    return backlog;
  }

  /** {@code host:port} the stream is pushed to now, or null while unlinked or not pushed. */
  public String pushedTo() {
    return push == null ? null : push.linkedTo();
  }

  /** Moves the push to whatever instance the directory names now. */
  public void relinkPush() {
    if (push != null) {
      push.relink();
    }
  }

  /**
   * True when nothing has been attached, held or in flight for {@code graceMillis}: the stream may
   * go. The grace keeps its dedupe window for producers that come back to send again what they
   * never saw accepted.
   */
  public boolean isUnusedFor(long graceMillis) {
    if (ready.failed()) {
      return true;
    }
    return producers.isEmpty() && subscribers.isEmpty() && log.isEmpty() && appending == 0
        && (push == null || push.isIdle()) && System.currentTimeMillis() - lastUsedMillis >= graceMillis;
  }

  /**
   * True once the store said it holds entries this stream never read (another manifold appended
   * to it): its state here is behind, so the manifold must drop it and read it again.
   */
  public boolean isStale() {
    return stale;
  }

  /** Stops pushing and gives back what it charged the budget. */
  public void close() {
    if (push != null) {
      push.close();
    }
    budget.release(heldBytes + STREAM_COST);
    heldBytes = 0;
  }

  /** Bytes it holds (its entries, with their overhead). */
  public long heldBytes() {
    return heldBytes;
  }

  /** Entries held. */
  public int depth() {
    return log.size();
  }

  /** Entries still owed an outcome by the push target. */
  public int backlogSize() {
    return backlog == null ? 0 : backlog.size();
  }

  /** When the oldest entry owed an outcome arrived (ms), or 0 when none is. */
  public long oldestPendingMillis() {
    return backlog == null ? 0 : backlog.oldestPendingMillis();
  }

  /**
   * Detaches every subscriber that holds producers back (owed half the backlog limit) and takes
   * nothing; returns how many it detached.
   */
  public int detachStalledSubscribers() {
    return subscribers.detachStalled(published, limits.maxBacklog() / 2, limits.stalledSubscriberMillis());
  }

  /** What a console shows of it now: counts, not entries. */
  public StreamStats stats(long now) {
    long pendingSince = oldestPendingMillis();
    return new StreamStats(name, log.size(), heldBytes, backlogSize(), pendingSince == 0 ? 0 : now - pendingSince,
        subscribers.size(), subscribers.largestLag(published), producers.size(), received, sent, pushedTo(),
        push == null ? 0 : push.inFlight());
  }

  /** Its subscribers as a console shows them: who, since when, how far behind. */
  public List<SubscriberView> subscribers() {
    return subscribers.views(published);
  }

  /** The last {@code count} entries held, oldest first; nothing is taken from anyone. */
  public List<Entry> browse(int count) {
    List<Entry> last = new ArrayList<>();
    for (int index = Math.max(0, log.size() - count); index < log.size(); index++) {
      last.add(log.at(index));
    }
    return last;
  }

  /**
   * Removes the entries with {@code seqs} (every entry, when null) that the push target and every
   * subscriber are done with, from memory and the store; returns how many went. For an operator's
   * purge of dead letters, or after they were retried elsewhere.
   */
  public int remove(Set<Long> seqs) {
    EntryLog kept = new EntryLog();
    int removed = 0;
    while (!log.isEmpty()) {
      Entry entry = log.removeFirst();
      if ((seqs == null || seqs.contains(entry.seq())) && !entry.isPending() && !subscribers.isOwed(entry.seq())) {
        store.remove(name, entry.seq());
        drop(entry);
        removed++;
      } else {
        kept.append(entry);
      }
    }
    while (!kept.isEmpty()) {
      log.append(kept.removeFirst());
    }
    used();
    grantCredit();
    return removed;
  }

  /** Redelivered copies dropped so far. */
  public long duplicates() {
    return dedupe.duplicates();
  }

  private void onDelivery(Delivery delivery) {
    used();
    if (heldBytes + delivery.bytes().length > limits.maxBytes()) {
      // larger than its producer's messages so far, which its credit was charged at: no room
      LOG.debug("stream {}: released a message of {} bytes, {} of {} held", name, delivery.bytes().length,
          heldBytes, limits.maxBytes());
      settle(delivery, false);
      return;
    }
    long messageId = MessageCodec.messageIdKey(delivery.bytes());
    Future<Void> original = dedupe.originalOf(messageId);
    Future<Void> stored = original != null ? original : store(delivery.bytes(), messageId, lastUsedMillis);
    if (original == null) {
      dedupe.storing(messageId, stored);
    }
    stored.onComplete(result -> settle(delivery, result.succeeded()));
  }

  /** Accepts a delivery that is stored, releases one that is not (its producer sends it again). */
  private void settle(Delivery delivery, boolean stored) {
    if (stored) {
      delivery.accept();
    } else {
      delivery.release();
    }
    grantCredit();
  }

  private void sentOn(int deliveries) {
    meter.outgoing(deliveries);
    sent += deliveries;
  }

  private void used() {
    lastUsedMillis = System.currentTimeMillis();
  }

  /** Stores a message that arrived at {@code arrivedMillis}. */
  private Future<Void> store(byte[] bytes, long messageId, long arrivedMillis) {
    Entry entry = new Entry(nextSeq++, bytes, messageId, backlog != null, arrivedMillis);
    appending++;
    hold(entry);
    return store.append(name, entry).onComplete(stored -> {
      appending--;
      if (stored.failed() || !stored.result()) {
        drop(entry);
      }
      if (stored.succeeded() && stored.result()) {
        meter.incoming(1);
        received++;
        publish(entry);
      } else if (stored.succeeded()) {
        LOG.debug("stream {}: the store already held message {} (stored through another manifold)", name, messageId);
      } else if (stored.cause() instanceof StaleStreamException) {
        stale = true; // the manifold reads it again (see isStale)
        LOG.info("stream {}: {}; it will be read again", name, stored.cause().getMessage());
      } else if (stored.cause() instanceof StoreFailedException) {
        LOG.debug("stream {}: not stored, the store is failing: {}", name, stored.cause().getMessage());
      } else {
        LOG.error("stream {}: could not store an entry: {}", name, stored.cause().toString());
      }
    }).mapEmpty();
  }

  private void publish(Entry entry) {
    log.append(entry);
    published = entry.seq() + 1;
    if (entry.isPending()) {
      backlog.added();
    }
    sentOn(subscribers.drain(log));
    trim();
    if (push != null) {
      push.pump();
    }
  }

  /** The push target is done with {@code entry}: it need not be kept for the push any more. */
  private void acknowledged(Entry entry) {
    used();
    sent++;
    store.acknowledge(name, entry.seq());
    trim();
    grantCredit();
  }

  /**
   * Drops entries nobody needs: beyond the history (in number or in bytes), settled downstream,
   * sent to every subscriber.
   */
  private void trim() {
    while (log.size() > limits.history() || (heldBytes > limits.historyBytes() && !log.isEmpty())) {
      Entry first = log.first();
      if (first.isPending() || subscribers.isOwed(first.seq())) {
        return;
      }
      log.removeFirst();
      store.remove(name, first.seq());
      drop(first);
    }
  }

  private void hold(Entry entry) {
    long cost = entry.bytes().length + ENTRY_COST;
    budget.charge(cost);
    heldBytes += cost;
  }

  private void drop(Entry entry) {
    long cost = entry.bytes().length + ENTRY_COST;
    budget.release(cost);
    heldBytes -= cost;
  }

  /**
   * Grants producers what room is left, shared among them: backlog (or slowest lag) plus credit
   * stays under the limit, and what that credit could bring in stays under the stream's byte limit;
   * none while the store cannot write (the memory budget, for its part, holds back credit in the
   * engine). The manifold calls it each second too, so producers resume once a failed store writes
   * again.
   */
  public void grantCredit() {
    if (store.failure() != null) {
      return;
    }
    long held = Math.max(backlogSize(), subscribers.largestLag(published));
    producers.grant(limits.maxBacklog() - held - appending, limits.maxBytes() - heldBytes);
  }

  /**
   * Drains producers that have sent nothing since the last call, so the credit they sit on goes to
   * those that send; the manifold calls it each second.
   */
  public void drainIdleProducers() {
    producers.drainIdle();
  }
}
