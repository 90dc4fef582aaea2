package dev.barker.manifold.engine;

import dev.barker.manifold.LinkClosedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;

/**
 * One AMQP link of an {@link AmqpConnection}, in either direction. Every method must be called on
 * the connection's context.
 *
 * @param <L> the concrete link type, so fluent setters return it
 */
public abstract sealed class AmqpLink<L extends AmqpLink<L>> permits AmqpSender, AmqpReceiver {

  final AmqpConnection connection;
  final Link link;
  private final boolean peerInitiated;
  private final Promise<Void> opened = Promise.promise();
  private Handler<ErrorCondition> closeHandler = condition -> { };
  private boolean ended;
  private Object attachment;
  private long charged;

  AmqpLink(AmqpConnection connection, Link link, boolean peerInitiated) {
    this.connection = connection;
    this.link = link;
    this.peerInitiated = peerInitiated;
    link.setContext(this);
  }

  /**
   * The address the link was attached for: the source of a link the peer receives from, the target
   * of a link the peer sends to, whoever initiated it.
   */
  public abstract String address();

  /** The connection this link belongs to. */
  public AmqpConnection connection() {
    return connection;
  }

  /** True when the peer opened this link (we answer it), false when we did. */
  public boolean isPeerInitiated() {
    return peerInitiated;
  }

  /** Succeeds when both ends have attached; fails with {@link LinkClosedException} if refused. */
  public Future<Void> opened() {
    return opened.future();
  }

  /** True while both ends are attached. */
  public boolean isOpen() {
    return link.getLocalState() == EndpointState.ACTIVE && link.getRemoteState() == EndpointState.ACTIVE;
  }

  /**
   * Called once when the link ends for any reason after it was opened or refused: the peer
   * detached (with its error condition, or null) or the connection was lost.
   */
  @SuppressWarnings("unchecked")
  public L closeHandler(Handler<ErrorCondition> handler) {
    this.closeHandler = handler;
    return (L) this;
  }

  /** Accepts a dynamic link the peer initiated (see {@link #isDynamic()}), naming the node made for it {@code address}. */
  public void openDynamic(String address) {
    if (link.getRemoteSource() instanceof Source remote && this instanceof AmqpSender) {
      Source source = new Source();
      source.setAddress(address);
      source.setDynamic(true);
      source.setDurable(remote.getDurable());
      source.setExpiryPolicy(remote.getExpiryPolicy());
      link.setSource(source);
      link.setTarget(link.getRemoteTarget());
    } else {
      Target target = new Target();
      target.setAddress(address);
      target.setDynamic(true);
      link.setSource(link.getRemoteSource());
      link.setTarget(target);
    }
    link.open();
    connection.requestPump();
    opened.tryComplete();
  }

  /**
   * The address the peer gave the node it made for a dynamic link we opened (see
   * {@link AmqpConnection#createDynamicReceiver()}), once {@link #opened()}; null before.
   */
  public String remoteSourceAddress() {
    return link.getRemoteSource() instanceof Source source ? source.getAddress() : null;
  }

  /** Accepts a link the peer initiated, echoing its terminus addresses. */
  public void open() {
    if (peerInitiated) {
      link.setSource(link.getRemoteSource());
      link.setTarget(link.getRemoteTarget());
    }
    link.open();
    connection.requestPump();
    if (peerInitiated) {
      opened.tryComplete(); // the peer's attach is what made this link
    }
  }

  /**
   * Refuses a link the peer initiated: attaches with no terminus on our side, then detaches with
   * {@code condition} (for example {@code amqp:link:redirect} or {@code amqp:not-found}).
   */
  public void refuse(ErrorCondition condition) {
    boolean weSend = this instanceof AmqpSender;
    link.setSource(weSend ? null : link.getRemoteSource());
    link.setTarget(weSend ? link.getRemoteTarget() : null);
    link.open();
    close(condition);
  }

  /** The refusal for a link to an address nobody serves here: {@code amqp:not-found}, naming it. */
  public ErrorCondition notFound() {
    return new ErrorCondition(AmqpError.NOT_FOUND, "no node at address " + address());
  }

  /** Detaches and closes the link. */
  public void close() {
    close(null);
  }

  /** Detaches and closes the link with an error condition for the peer. */
  public void close(ErrorCondition condition) {
    if (link.getLocalState() != EndpointState.CLOSED) {
      link.setCondition(condition);
      link.close();
      connection.requestPump();
    }
    opened.tryFail(new LinkClosedException(address(), condition));
  }

  /** The error condition the peer detached with, if any. */
  public ErrorCondition remoteCondition() {
    return link.getRemoteCondition();
  }

  /** Whatever the owner wants to keep with this link. */
  @SuppressWarnings("unchecked")
  public <T> T attachment() {
    return (T) attachment;
  }

  /** Keeps {@code value} with this link; read it back with {@link #attachment()}. */
  @SuppressWarnings("unchecked")
  public L attachment(Object value) {
    this.attachment = value;
    return (L) this;
  }

  /**
   * True for a link the peer opened with a dynamic terminus (a source for one it receives from):
   * it asks us to make a node for it alone, as a requester does for its replies.
   */
  public boolean isDynamic() {
    Object terminus = this instanceof AmqpSender ? link.getRemoteSource() : link.getRemoteTarget();
    return peerInitiated && (terminus instanceof Source source && source.getDynamic()
        || terminus instanceof Target target && target.getDynamic());
  }

  /** The source terminus's address: where the link's messages come from, as the initiator named it (may be null). */
  public String sourceAddress() {
    Object source = peerInitiated ? link.getRemoteSource() : link.getSource();
    return source instanceof Source s ? s.getAddress() : null;
  }

  /** The target terminus's address: where the link's messages go, as the initiator named it (may be null). */
  public String targetAddress() {
    Object target = peerInitiated ? link.getRemoteTarget() : link.getTarget();
    return target instanceof Target t ? t.getAddress() : null;
  }

  /** The peer's attach arrived; a missing terminus on its side means a refusal (detach follows). */
  void onRemoteOpen() {
    boolean refused = this instanceof AmqpSender ? link.getRemoteTarget() == null : link.getRemoteSource() == null;
    if (!refused) {
      opened.tryComplete();
    }
  }

  void onRemoteClose() {
    end(link.getRemoteCondition());
    if (link.getLocalState() != EndpointState.CLOSED) {
      link.close();
    }
  }

  void onConnectionLost(ErrorCondition condition) {
    end(condition);
  }

  /** Charges the connection's memory budget {@code bytes} for this link while it lives; false when they do not fit. */
  boolean chargeBudget(long bytes) {
    if (!connection.budget().tryCharge(bytes)) {
      return false;
    }
    charged += bytes;
    return true;
  }

  private void end(ErrorCondition condition) {
    if (ended) {
      return;
    }
    ended = true;
    connection.budget().release(charged);
    charged = 0;
    opened.tryFail(new LinkClosedException(address(), condition));
    onEnd();
    closeHandler.handle(condition);
  }

  /** Subclass clean-up when the link ends. */
  abstract void onEnd();
}
