package dev.barker.manifold.link;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.InboundDelivery;
import io.vertx.core.Handler;

/**
 * Receives messages from an address, wherever the directory says it is served, relinking after any
 * loss. Credit is a window of {@link LinkerOptions#receiverWindow()} deliveries topped up as the
 * handler settles them, so a slow handler slows the producer rather than filling memory.
 *
 * <p>What a relink delivers is up to the node: a manifold stream sends a new link its history
 * again (so a subscriber may see messages it saw before the loss, and, with no history, misses what
 * arrived meanwhile); a queue-like node redelivers what was not settled. Dedupe by message-id where
 * that matters.
 */
public final class Receiver extends Link {

  private final Handler<InboundDelivery> handler;

  Receiver(Linker linker, Address address, Handler<InboundDelivery> handler) {
    super(linker, address);
    this.handler = handler;
  }

  @Override
  AmqpLink<?> attach(AmqpConnection connection, String linkAddress) {
    AmqpReceiver receiver = connection.createReceiver(linkAddress);
    receiver.open();
    return receiver;
  }

  @Override
  void onLinked(AmqpLink<?> engineLink) {
    ((AmqpReceiver) engineLink).handler(handler).window(linker.options().receiverWindow());
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
