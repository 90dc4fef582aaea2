package dev.barker.manifold.node;

import dev.barker.manifold.Address;
import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.link.Backoff;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Linker;
import dev.barker.manifold.link.Sender;
import dev.barker.manifold.stream.Entry;
import dev.barker.manifold.stream.Stream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Forwards one stream to the push address, at least once: up to {@link #WINDOW} entries in flight,
 * each leaving the stream's backlog only when the target accepts it. Rejected entries go to the
 * dead-letter handler; released or modified ones are sent again after a back-off (100 ms doubling to
 * 5 s while the target keeps refusing); those in flight when a link is lost are sent again by the
 * {@link Sender} on its next link.
 */
final class Push {

  static final int WINDOW = 100;

  private final Vertx vertx;
  private final Stream stream;
  private final Sender sender;
  private final Consumer<Entry> deadLetters;
  private final Meter meter;
  private final Backoff retries = new Backoff();
  private int inFlight;

  Push(Vertx vertx, Linker linker, Address target, Address source, Stream stream, Consumer<Entry> deadLetters,
      Meter meter) {
    this.vertx = vertx;
    this.stream = stream;
    this.deadLetters = deadLetters;
    this.meter = meter;
    this.sender = linker.newSender(target, source.toString());
    stream.onEntry(this::pump);
  }

  /** {@code host:port} the stream is pushed to now, or null while unlinked. */
  String linkedTo() {
    return sender.linkedTo();
  }

  /** Moves to whatever instance the directory names now. */
  void relink() {
    sender.relink();
  }

  /** True when nothing is in flight. */
  boolean isIdle() {
    return inFlight == 0;
  }

  void close() {
    sender.close();
  }

  private void pump() {
    while (inFlight < WINDOW) {
      Entry entry = stream.takeForPush();
      if (entry == null) {
        return;
      }
      inFlight++;
      send(entry);
    }
  }

  private void send(Entry entry) {
    sender.send(entry.bytes()).onComplete(outcome -> onOutcome(entry, outcome));
  }

  private void onOutcome(Entry entry, AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      settled(entry);
    } else if (outcome.cause() instanceof DeliveryException refused && refused.isRejected()) {
      deadLetters.accept(entry);
      settled(entry);
    } else if (!sender.isClosed()) {
      vertx.setTimer(retries.nextDelayMillis(), id -> send(entry)); // released or modified: try again later
    }
  }

  private void settled(Entry entry) {
    retries.reset();
    inFlight--;
    meter.outgoing(1);
    stream.acknowledge(entry);
    pump();
  }
}
