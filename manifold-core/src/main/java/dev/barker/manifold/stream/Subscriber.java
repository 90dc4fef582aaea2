package dev.barker.manifold.stream;

import dev.barker.manifold.engine.AmqpSender;

/** A link receiving a stream: where it has got to, and what it missed by falling too far behind. */
final class Subscriber {

  final AmqpSender link;
  long cursor;
  long skipped;

  Subscriber(AmqpSender link, long cursor) {
    this.link = link;
    this.cursor = cursor;
  }

  /** Sends what the link has credit for, from {@code log}; returns how many went. */
  int drain(EntryLog log) {
    int sent = 0;
    for (int index = log.indexOfFirstAtLeast(cursor); index < log.size() && link.isSendable(); index++) {
      Entry entry = log.at(index);
      if (link.requiresUnsettled()) {
        link.send(entry.bytes(), outcome -> { }); // its outcome changes nothing: the stream keeps its entries
      } else {
        link.sendPresettled(entry.bytes()); // no outcome to wait for, so none is asked: half the frames
      }
      cursor = entry.seq() + 1;
      sent++;
    }
    return sent;
  }

  /** The entry at {@code seq} is leaving the stream; a subscriber still before it skips ahead. */
  void passed(long seq) {
    if (cursor <= seq) {
      skipped += seq + 1 - cursor;
      cursor = seq + 1;
    }
  }
}
