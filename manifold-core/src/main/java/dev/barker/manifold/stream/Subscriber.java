package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpSender;

/** A link receiving a stream: where it has got to, and since when it has taken nothing it was owed. */
final class Subscriber {

  final AmqpSender link;
  final long attachedAtMillis = System.currentTimeMillis();
  long cursor;
  private long waitingSinceMillis;

  Subscriber(AmqpSender link, long cursor) {
    this.link = link;
    this.cursor = cursor;
  }

  /** Sends what the link has credit for, from {@code log}; returns how many went. */
  int drain(EntryLog log) {
    int sent = 0;
    int index = log.indexOfFirstAtLeast(cursor);
    for (; index < log.size() && link.isSendable(); index++) {
      Entry entry = log.at(index);
      if (link.requiresUnsettled()) {
        link.send(entry.bytes(), outcome -> { }); // its outcome changes nothing: the stream keeps its entries
      } else {
        link.sendPresettled(entry.bytes()); // no outcome to wait for, so none is asked: half the frames
      }
      cursor = entry.seq() + 1;
      sent++;
    }
    if (index == log.size()) {
      waitingSinceMillis = 0;
    } else if (sent > 0 || waitingSinceMillis == 0) {
      waitingSinceMillis = System.currentTimeMillis();
    }
    return sent;
  }

  /** Entries published up to (not including) {@code end} that this subscriber has not been sent. */
  long lag(long end) {
    return Math.max(0, end - cursor);
  }

  /** True when it has been owed entries and taken none of them for {@code millis}. */
  boolean hasTakenNothingFor(long millis, long now) {
    return waitingSinceMillis != 0 && now - waitingSinceMillis >= millis;
  }
}
