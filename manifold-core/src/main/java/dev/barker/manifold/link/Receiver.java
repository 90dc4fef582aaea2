package dev.barker.manifold.link;

import dev.barker.manifold.Address;
import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.engine.RecentIds;
import io.vertx.core.Handler;

/**
 * Receives messages from an address, wherever the directory says it is served, relinking after any
 * loss. Credit is a window of {@link LinkerOptions#receiverWindow()} deliveries topped up as the
 * handler settles them, so a slow handler slows the producer rather than filling memory.
 *
 * <p>What a relink delivers is up to the node: a manifold stream sends a new link its history
 * again (with no history, what arrived meanwhile is missed); a queue-like node redelivers what was
 * not settled. So the receiver remembers the message-ids of the last
 * {@link LinkerOptions#receiverDedupe()} deliveries its handler accepted (by the time it returned)
 * or that came settled, and accepts a delivery with one of those ids again without handing it on.
 */
public final class Receiver extends Link {

  private final Handler<Delivery> handler;
  private final RecentIds handled;

  Receiver(Linker linker, Address address, Handler<Delivery> handler) {
    super(linker, address);
    this.handler = handler;
    this.handled = new RecentIds(linker.options().receiverDedupe());
  }

  @Override
  AmqpLink<?> attach(AmqpConnection connection, String linkAddress) {
    AmqpReceiver receiver = connection.createReceiver(linkAddress);
    receiver.open();
    return receiver;
  }

  @Override
  void onLinked(AmqpLink<?> engineLink) {
    ((AmqpReceiver) engineLink).handler(this::onDelivery).window(linker.options().receiverWindow());
  }

  private void onDelivery(Delivery delivery) {
    long key = MessageCodec.messageIdKey(delivery.bytes());
    if (handled.contains(key)) {
      delivery.accept(); // sent again after a relink: the handler has it already
      return;
    }
    handler.handle(delivery);
    if (delivery.isPresettled() || delivery.isAccepted()) {
      handled.add(key);
    }
  }

  @Override
  void onUnlinked() {
    // nothing held here: deliveries not settled on the lost link are the node's to send again
  }

  @Override
  void onClosed() {
    // nothing held here
  }
}
