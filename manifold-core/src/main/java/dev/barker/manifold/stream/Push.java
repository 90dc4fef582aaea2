package dev.barker.manifold.stream;

import dev.barker.manifold.agent.Meter;
import dev.barker.manifold.link.Backoff;
import dev.barker.manifold.link.DeliveryException;
import dev.barker.manifold.link.Sender;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import java.util.function.BiConsumer;

/**
 * Forwards a stream's {@link Backlog} to the push target, at least once: up to {@link Stream#PUSH_WINDOW}
 * entries in flight, each leaving the backlog only when the target accepts it. Rejected entries go
 * to the dead-letter handler, with the rejection; released or modified ones are sent again after a back-off (100 ms
 * doubling to 5 s while the target keeps refusing); those in flight when a link is lost are sent
 * again by the {@link Sender} on its next link.
 */
final class Push {

  private final Vertx vertx;
  private final Sender sender;
  private final Backlog backlog;
  private final BiConsumer<Entry, DeliveryException> deadLetters;
  private final Meter meter;
  private final Backoff retries = new Backoff();
  private int inFlight;

  Push(Vertx vertx, Sender sender, Backlog backlog, BiConsumer<Entry, DeliveryException> deadLetters, Meter meter) {
    this.vertx = vertx;
    this.sender = sender;
    this.backlog = backlog;
    this.deadLetters = deadLetters;
    this.meter = meter;
  }

  /** {@code host:port} the stream is pushed to now, or null while unlinked. */
  String linkedTo() {
    return sender.linkedTo();
  }

  /** Moves to whatever instance the directory names now. */
  void relink() {
    sender.relink();
  }

  /** Entries sent and not yet settled by the target. */
  int inFlight() {
    return inFlight;
  }

  /** True when nothing is in flight. */
  boolean isIdle() {
    return inFlight == 0;
  }

  void close() {
    sender.close();
  }

  /** Sends what the window has room for. */
  void pump() {
    while (inFlight < Stream.PUSH_WINDOW) {
      Entry entry = backlog.next();
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
      done(entry);
    } else if (outcome.cause() instanceof DeliveryException refused && refused.isRejected()) {
      deadLetters.accept(entry, refused);
      done(entry);
    } else if (!sender.isClosed()) {
      vertx.setTimer(retries.nextDelayMillis(), id -> send(entry)); // released or modified: try again later
    }
  }

  private void done(Entry entry) {
    retries.reset();
    inFlight--;
    meter.outgoing(1);
    backlog.acknowledge(entry);
    pump();
  }
}
