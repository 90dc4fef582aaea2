package dev.barker.manifold.link;

import dev.barker.manifold.Address;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MessageCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;

/**
 * Sends messages to an address, at least once. Each {@link #send} returns a future that succeeds
 * when the node serving the address accepts the message, or fails with a
 * {@link DeliveryException} when it rejects, releases or modifies it. Messages sent while unlinked
 * wait, and messages unacknowledged when a link is lost are sent again on the next one, in order.
 *
 * <p>It holds at most {@link LinkerOptions#senderBuffer()} messages before {@link #isFull()}; a
 * caller that waits for {@link #ready()} then never grows memory, and nothing is ever dropped.
 */
public final class Sender extends Link {

  private final String sourceAddress;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Set<Pending> unsettled = new LinkedHashSet<>();
  private final List<Promise<Void>> waitingForRoom = new ArrayList<>();
  private AmqpSender link;

  Sender(Linker linker, Address address, String sourceAddress) {
    super(linker, address);
    this.sourceAddress = sourceAddress;
  }

  /** Sends {@code message}; the future succeeds when it is accepted. */
  public Future<Void> send(Message message) {
    return send(MessageCodec.encode(message));
  }

  /** Sends an already encoded message (forwarding without decoding). */
  public Future<Void> send(byte[] encodedMessage) {
    Promise<Void> promise = Promise.promise();
    linker.execute(() -> {
      if (isClosed()) {
        promise.fail(new IllegalStateException("sender to " + address() + " is closed"));
        return;
      }
      queue.add(new Pending(encodedMessage, promise));
      drain();
    });
    return promise.future();
  }

  /** True when it holds as many messages as its buffer allows: wait for {@link #ready()}. */
  public boolean isFull() {
    return pending() >= linker.options().senderBuffer();
  }

  /** Messages held: waiting to be sent plus sent and not yet acknowledged. */
  public int pending() {
    return queue.size() + unsettled.size();
  }

  /** Completes when the sender is not {@link #isFull()}. */
  public Future<Void> ready() {
    Promise<Void> promise = Promise.promise();
    linker.execute(() -> {
      if (isFull()) {
        waitingForRoom.add(promise);
      } else {
        promise.complete();
      }
    });
    return promise.future();
  }

  @Override
  AmqpLink<?> attach(AmqpConnection connection, String linkAddress) {
    AmqpSender sender = connection.createSender(linkAddress, sourceAddress);
    sender.open();
    return sender;
  }

  @Override
  void onLinked(AmqpLink<?> engineLink) {
    link = (AmqpSender) engineLink;
    link.sendableHandler(s -> drain());
    drain();
  }

  @Override
  void onUnlinked() {
    link = null;
    List<Pending> resend = new ArrayList<>(unsettled);
    unsettled.clear();
    for (int i = resend.size() - 1; i >= 0; i--) {
      queue.addFirst(resend.get(i)); // the peer never settled them: send again first, in order
    }
  }

  @Override
  void onClosed() {
    IllegalStateException closed = new IllegalStateException("sender to " + address() + " closed");
    for (Pending pending : unsettled) {
      pending.promise.tryFail(closed);
    }
    for (Pending pending : queue) {
      pending.promise.tryFail(closed);
    }
    unsettled.clear();
    queue.clear();
    notifyRoom();
  }

  private void drain() {
    AmqpSender sending = link;
    while (sending != null && sending.isSendable() && !queue.isEmpty()) {
      Pending pending = queue.poll();
      unsettled.add(pending);
      int attempt = ++pending.attempts;
      sending.send(pending.bytes, state -> onOutcome(pending, attempt, state));
    }
  }

  private void onOutcome(Pending pending, int attempt, DeliveryState state) {
    if (pending.attempts != attempt || !unsettled.remove(pending)) {
      return; // an outcome of an earlier attempt, on a link since lost: the message went again
    }
    if (state instanceof Accepted) {
      pending.promise.complete();
    } else {
      pending.promise.fail(DeliveryException.of(address().toString(), state));
    }
    notifyRoom();
  }

  private void notifyRoom() {
    if (!isFull() && !waitingForRoom.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(waitingForRoom);
      waitingForRoom.clear();
      waiting.forEach(Promise::complete);
    }
  }

  /** One message the sender holds until its outcome; identity tells two sends of equal bytes apart. */
  private static final class Pending {
    final byte[] bytes;
    final Promise<Void> promise;
    int attempts;

    Pending(byte[] bytes, Promise<Void> promise) {
      this.bytes = bytes;
      this.promise = promise;
    }
  }
}
