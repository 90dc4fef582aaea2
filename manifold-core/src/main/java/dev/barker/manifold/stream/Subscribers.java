package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpSender;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's fan-out: every subscriber gets every entry, from where it started, as fast as its
 * credit allows; the slowest one's lag holds producers back, and one that holds them back while
 * taking nothing is detached.
 */
final class Subscribers {

  private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

  private final String stream;
  private final ArrayList<Subscriber> subscribers = new ArrayList<>();

  Subscribers(String stream) {
    this.stream = stream;
  }

  Subscriber add(AmqpSender link, long startSeq) {
    Subscriber subscriber = new Subscriber(link, startSeq);
    subscribers.add(subscriber);
    return subscriber;
  }

  void remove(Subscriber subscriber) {
    subscribers.remove(subscriber);
    if (subscribers.isEmpty()) {
      subscribers.trimToSize(); // a stream nobody reads keeps no array
    }
  }

  boolean isEmpty() {
    return subscribers.isEmpty();
  }

  /** Detaches every subscriber link with {@code condition}. */
  void closeAll(ErrorCondition condition) {
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      subscriber.link.close(condition);
    }
  }

  int size() {
    return subscribers.size();
  }

  /** Each subscriber as a console shows it, given the seq after the last one published. */
  List<SubscriberView> views(long published) {
    List<SubscriberView> views = new ArrayList<>();
    for (Subscriber subscriber : subscribers) {
      AmqpSender link = subscriber.link;
      views.add(new SubscriberView(link.connection().peer(), link.connection().principal() == null ? null
          : link.connection().principal().name(), subscriber.attachedAtMillis, subscriber.lag(published), link.credit()));
    }
    return views;
  }

  /**
   * Sends every subscriber what it has credit for; returns how many deliveries went. This and the
   * two below run for every message, so they index the list rather than allocate an iterator.
   */
  int drain(EntryLog log) {
    int sent = 0;
    for (int i = 0; i < subscribers.size(); i++) {
      sent += subscribers.get(i).drain(log);
    }
    return sent;
  }

  /** True when some subscriber has not been sent {@code seq} yet. */
  boolean isOwed(long seq) {
    for (int i = 0; i < subscribers.size(); i++) {
      if (subscribers.get(i).cursor <= seq) {
        return true;
      }
    }
    return false;
  }

  /** How far the slowest subscriber is behind {@code published}. */
  long largestLag(long published) {
    long largest = 0;
    for (int i = 0; i < subscribers.size(); i++) {
      largest = Math.max(largest, subscribers.get(i).lag(published));
    }
    return largest;
  }

  /**
   * Detaches, with {@code amqp:resource-limit-exceeded}, every subscriber owed at least
   * {@code holdingBack} entries that has taken nothing for {@code stalledMillis}; returns how many.
   */
  int detachStalled(long published, long holdingBack, long stalledMillis) {
    long now = System.currentTimeMillis();
    int detached = 0;
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      long lag = subscriber.lag(published);
      if (lag >= holdingBack && subscriber.hasTakenNothingFor(stalledMillis, now)) {
        LOG.warn("stream {}: detaching a subscriber {} messages behind that took none for {} ms", stream, lag,
            stalledMillis);
        subscriber.link.close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, "this subscriber is " + lag
            + " messages behind and took none for " + stalledMillis + " ms, holding back " + stream + "'s producers"));
        detached++;
      }
    }
    return detached;
  }
}
