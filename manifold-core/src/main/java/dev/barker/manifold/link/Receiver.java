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
 * Deliveries not settled when a link is lost are redelivered by the node (at least once).
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
    // the node keeps what we had not settled and sends it again on the next link
  }

  @Override
  void onClosed() {
    // nothing held here
  }
}
