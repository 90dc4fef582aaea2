package dev.barker.manifold.engine;

import dev.barker.manifold.AuthenticationException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SessionError;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP 1.0 connection, accepted by an {@link AmqpListener} or opened by an {@link AmqpClient},
 * over TCP or WebSocket alike. It lives on one Vert.x context: call it only from there, and every
 * handler runs there, so user code needs no locks.
 *
 * <p>Links the peer opens go to {@link #senderOpenHandler} (the peer wants to receive from an
 * address of ours) and {@link #receiverOpenHandler} (it wants to send to one); by default they are
 * refused with {@code amqp:not-found}.
 */
public final class AmqpConnection {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);

  private final Context context;
  private final EngineOptions options;
  private final boolean server;
  private final Connection connection = Proton.connection();
  private final TransportDriver driver;
  private final Promise<AmqpConnection> opened = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private final Set<AmqpLink<?>> links = new LinkedHashSet<>();
  private List<AmqpSender> awaitingWritable = new ArrayList<>(); // each once: see AmqpSender.awaitingWritable
  private final long createdAtMillis = System.currentTimeMillis();
  private Handler<AmqpSender> senderOpenHandler = link -> link.refuse(link.notFound());
  private Handler<AmqpReceiver> receiverOpenHandler = link -> link.refuse(link.notFound());
  private final OwnSessions sessions = new OwnSessions(connection);
  /** The client that opened this connection: Vert.x shuts a client down once it is unreachable. */
  private AmqpClient openedBy;
  private final Set<Session> peerSessions = new HashSet<>();
  private ErrorCondition refusal;
  private long deliveryTag;
  private long linkCount;

  AmqpConnection(Context context, EngineOptions options, boolean server, String hostname) {
    this.context = context;
    this.options = options;
    this.server = server;
    connection.setContext(this);
    connection.setContainer(options.containerId());
    if (!server) {
      connection.setHostname(hostname);
      connection.open();
    }
    driver = new TransportDriver(context, connection, options, server, this::onEvent, this::onClosed);
  }

  void start(Carrier carrier) {
    if (server) {
      long timer = context.owner().setTimer(options.handshakeTimeout().toMillis(), id -> {
        if (!opened.future().isComplete() && isOpen()) {
          LOG.debug("{}: dropped: no AMQP open within {} ms of connecting", peer(), options.handshakeTimeout().toMillis());
          abort();
        }
      });
      opened.future().onComplete(done -> context.owner().cancelTimer(timer));
      closed.future().onComplete(done -> context.owner().cancelTimer(timer));
    }
    driver.attach(carrier, this::onWritable);
  }

  /** The memory budget this connection's sessions, links and deliveries are charged to. */
  MemoryBudget budget() {
    return options.memoryBudget();
  }

  void openedBy(AmqpClient client) {
    this.openedBy = client;
  }

  /** Succeeds when both ends have exchanged open frames. */
  public Future<AmqpConnection> opened() {
    return opened.future();
  }

  /** Completes when the connection is gone, whichever side ended it. */
  public Future<Void> closed() {
    return closed.future();
  }

  /** The context every call and handler of this connection runs on. */
  public Context context() {
    return context;
  }

  /** Who is on the other end, e.g. {@code tcp 127.0.0.1:41234}. */
  public String peer() {
    return driver.peer();
  }

  /** When the connection was made (ms since the epoch). */
  public long createdAtMillis() {
    return createdAtMillis;
  }

  /** Links attached on it now, in either direction. */
  public int linkCount() {
    return links.size();
  }

  /** The peer's AMQP container id, once open. */
  public String remoteContainer() {
    return connection.getRemoteContainer();
  }

  /** The error condition the peer closed the connection with, if any. */
  public ErrorCondition remoteCondition() {
    return connection.getRemoteCondition();
  }

  /** True until the connection is closed. */
  public boolean isOpen() {
    return !driver.isCarrierClosed();
  }

  /** The principal the peer authenticated as (SASL PLAIN); null for an anonymous peer, or on connections we opened. */
  public Principal principal() {
    return driver.principal();
  }

  /** Handles links the peer opens to receive from an address of ours. */
  public AmqpConnection senderOpenHandler(Handler<AmqpSender> handler) {
    this.senderOpenHandler = handler;
    return this;
  }

  /** Handles links the peer opens to send to an address of ours. */
  public AmqpConnection receiverOpenHandler(Handler<AmqpReceiver> handler) {
    this.receiverOpenHandler = handler;
    return this;
  }

  /** A link that sends to {@code targetAddress} at the peer; call {@link AmqpLink#open()}. */
  public AmqpSender createSender(String targetAddress) {
    return createSender(targetAddress, null);
  }

  /**
   * A link that sends to {@code targetAddress} at the peer and names {@code sourceAddress} (may be
   * null) as where its messages come from; call {@link AmqpLink#open()}.
   */
  public AmqpSender createSender(String targetAddress, String sourceAddress) {
    Sender sender = sessions.forNewLink().sender("sender-" + targetAddress + "-" + linkCount++);
    Target target = new Target();
    target.setAddress(targetAddress);
    sender.setTarget(target);
    Source source = new Source();
    source.setAddress(sourceAddress);
    sender.setSource(source);
    return register(new AmqpSender(this, sender, false));
  }

  /** A link that receives from {@code sourceAddress} at the peer; call {@link AmqpLink#open()}. */
  public AmqpReceiver createReceiver(String sourceAddress) {
    Receiver receiver = sessions.forNewLink().receiver("receiver-" + sourceAddress + "-" + linkCount++);
    Source source = new Source();
    source.setAddress(sourceAddress);
    receiver.setSource(source);
    receiver.setTarget(new Target());
    return register(new AmqpReceiver(this, receiver, false, options.maxMessageSize()));
  }

  /**
   * A link that receives from a node the peer makes for it alone (a dynamic source), as a
   * requester's reply link; once {@link AmqpLink#opened()}, {@link AmqpLink#remoteSourceAddress()}
   * names it. Call {@link AmqpLink#open()}.
   */
  public AmqpReceiver createDynamicReceiver() {
    Receiver receiver = sessions.forNewLink().receiver("replies-" + linkCount++);
    Source source = new Source();
    source.setDynamic(true);
    receiver.setSource(source);
    receiver.setTarget(new Target());
    return register(new AmqpReceiver(this, receiver, false, options.maxMessageSize()));
  }

  /**
   * Refuses the connection: once the peer's open frame arrives, it is answered with an open and a
   * close carrying {@code condition}, so the peer learns why.
   */
  void refuse(ErrorCondition condition) {
    this.refusal = condition;
  }

  /** Closes the connection cleanly: a close frame, then the socket. */
  public void close() {
    close(null);
  }

  /** Closes the connection with an error condition for the peer. */
  public void close(ErrorCondition condition) {
    if (connection.getLocalState() != EndpointState.CLOSED) {
      connection.setCondition(condition);
      connection.close();
    }
    driver.closeAfterFlush();
  }

  /** Drops the socket at once with no close frame, as a crash would. */
  public void abort() {
    driver.closeCarrier();
  }

  void onBytes(Buffer bytes) {
    driver.onBytes(bytes);
  }

  void onCarrierClosed() {
    driver.onCarrierClosed();
  }

  private void onClosed() {
    ErrorCondition lost = new ErrorCondition(ConnectionError.CONNECTION_FORCED,
        "connection to " + peer() + " lost");
    ErrorCondition why = connection.getRemoteCondition() != null ? connection.getRemoteCondition() : lost;
    for (AmqpLink<?> link : new ArrayList<>(links)) {
      endQuietly(link, why);
    }
    links.clear();
    awaitingWritable.clear();
    budget().release((long) peerSessions.size() * EngineOptions.SESSION_COST);
    peerSessions.clear();
    opened.tryFail(whyNeverOpened());
    closed.tryComplete();
  }

  /** Why this connection closed before it opened: our login refused or put off, or the peer's condition. */
  private RuntimeException whyNeverOpened() {
    return switch (driver.loginOutcome()) {
      case PN_SASL_AUTH, PN_SASL_PERM -> new AuthenticationException(peer(), options.user());
      case PN_SASL_TEMP, PN_SASL_SYS -> new IllegalStateException(peer() + " put off our login: try again later");
      default -> new IllegalStateException("connection to " + peer() + " closed before it opened"
          + (connection.getRemoteCondition() == null ? "" : ": " + connection.getRemoteCondition()));
    };
  }

  /** Ends a link whose connection or session went; one failing close handler does not stop the rest. */
  private void endQuietly(AmqpLink<?> link, ErrorCondition why) {
    try {
      link.onConnectionLost(why);
    } catch (RuntimeException e) {
      LOG.warn("{}: the close handler of link {} failed", peer(), link.address(), e);
    }
  }

  void onCarrierError(Throwable error) {
    LOG.debug("{}: carrier error", peer(), error);
    driver.closeCarrier();
  }

  void requestPump() {
    driver.requestPump();
  }

  /**
   * True when the socket keeps up; otherwise false, and {@code sender} is told (its
   * {@link AmqpSender#onWritable()}) once it does. Only senders that waited are told, so a
   * connection with thousands of links does not wake them all at every flush.
   */
  boolean isWritableFor(AmqpSender sender) {
    if (driver.isWritable()) {
      return true;
    }
    if (!sender.awaitingWritable) { // a flag, not a set: this runs once per delivery a blocked stream tries
      sender.awaitingWritable = true;
      awaitingWritable.add(sender);
    }
    return false;
  }

  void queued(int bytes) {
    driver.queued(bytes);
  }

  byte[] nextDeliveryTag() {
    long tag = deliveryTag++;
    return new byte[] {(byte) (tag >>> 56), (byte) (tag >>> 48), (byte) (tag >>> 40), (byte) (tag >>> 32),
        (byte) (tag >>> 24), (byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag};
  }

  private <L extends AmqpLink<L>> L register(L link) {
    links.add(link);
    return link;
  }

  /** Handles one proton event; a handler that throws ends its link (or the connection), never the loop. */
  private void onEvent(Event event) {
    try {
      dispatch(event);
    } catch (RuntimeException e) {
      LOG.warn("{}: a handler failed on {}; ending its {}", peer(), event.getType(),
          event.getLink() != null ? "link" : "connection", e);
      ErrorCondition failed = new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal error on " + event.getType()
          + "; the service's log says more"); // no exception text on the wire
      if (event.getLink() != null) {
        event.getLink().setCondition(failed);
        event.getLink().close();
      } else {
        close(failed);
      }
    }
  }

  private void dispatch(Event event) {
    switch (event.getType()) {
      case CONNECTION_REMOTE_OPEN -> onRemoteOpen();
      case CONNECTION_REMOTE_CLOSE -> onRemoteClose();
      case SESSION_REMOTE_OPEN -> onSessionRemoteOpen(event.getSession());
      case SESSION_REMOTE_CLOSE -> onSessionRemoteClose(event.getSession());
      case LINK_REMOTE_OPEN -> {
        if (event.getLink() == null) {
          onAttachOnHandleInUse();
        } else {
          onLinkRemoteOpen(event.getLink());
        }
      }
      case LINK_REMOTE_DETACH, LINK_REMOTE_CLOSE -> onLinkRemoteClose(event.getLink());
      case LINK_LOCAL_CLOSE -> freeIfClosed(event.getLink());
      case LINK_FLOW -> onLinkFlow(event.getLink());
      case DELIVERY -> onDelivery(event.getDelivery());
      case TRANSPORT_ERROR -> onTransportError();
      default -> {
        // the other events need no action here
      }
    }
  }

  private void onRemoteOpen() {
    if (server) {
      connection.open();
    }
    if (refusal != null) {
      LOG.info("refused {}: {}", peer(), refusal.getDescription());
      close(refusal);
      return;
    }
    opened.tryComplete(this);
  }

  private void onRemoteClose() {
    ErrorCondition condition = connection.getRemoteCondition();
    if (condition != null && condition.getCondition() != null) {
      LOG.info("{} closed the connection: {}", peer(), condition);
    }
    close();
  }

  /** The peer ended a session: every link of it ends too, and ours is made afresh on next use. */
  private void onSessionRemoteClose(Session ended) {
    ErrorCondition why = ended.getRemoteCondition() != null ? ended.getRemoteCondition()
        : new ErrorCondition(ConnectionError.CONNECTION_FORCED, "session ended by " + peer());
    for (AmqpLink<?> link : new ArrayList<>(links)) {
      if (link.link.getSession() == ended) {
        links.remove(link);
        endQuietly(link, why);
      }
    }
    if (peerSessions.remove(ended)) {
      budget().release(EngineOptions.SESSION_COST);
    }
    sessions.ended(ended);
    ended.close();
  }

  /** A session the peer began: answered, and ended at once when it is one too many. */
  private void onSessionRemoteOpen(Session remoteSession) {
    if (remoteSession.getLocalState() != EndpointState.UNINITIALIZED) {
      return; // the answer to a session we began
    }
    remoteSession.open();
    if (peerSessions.size() >= options.maxSessions()) {
      remoteSession.setCondition(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "at most " + options.maxSessions() + " sessions per connection"));
      remoteSession.close();
    } else if (!budget().tryCharge(EngineOptions.SESSION_COST)) {
      // ending the session would leave it in proton until the peer answers: the connection goes
      LOG.info("{}: closing the connection: no room in the memory budget ({}) for its session {}", peer(), budget(),
          peerSessions.size() + 1);
      close(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "this service's memory budget (" + budget() + ") has no room for another session"));
    } else {
      peerSessions.add(remoteSession);
    }
  }

  /**
   * Proton reports an attach on a handle already in use as a link opening with no link: the peer
   * broke the protocol, and which session it meant is lost, so the connection ends.
   */
  private void onAttachOnHandleInUse() {
    LOG.warn("{}: closing the connection: it attached a link on a handle already in use", peer());
    close(new ErrorCondition(SessionError.HANDLE_IN_USE, "attach on a handle already in use"));
  }

  private void onLinkRemoteOpen(Link link) {
    if (link.getContext() instanceof AmqpLink<?> ours) {
      ours.onRemoteOpen();
    } else if (link instanceof Sender sender) {
      AmqpSender ours = register(new AmqpSender(this, sender, true));
      if (isWithinLimits(ours)) {
        senderOpenHandler.handle(ours);
      }
    } else {
      AmqpReceiver ours = register(new AmqpReceiver(this, (Receiver) link, true, options.maxMessageSize()));
      if (isWithinLimits(ours)) {
        receiverOpenHandler.handle(ours);
      }
    }
  }

  /**
   * True for a link the peer may open; refuses, saying why, one with too long an address, one too
   * many, or one the peer's principal may not attach.
   */
  private boolean isWithinLimits(AmqpLink<?> link) {
    String address = link.address();
    if (address != null && address.length() > options.maxAddressLength()) {
      link.refuse(new ErrorCondition(AmqpError.INVALID_FIELD, "address is " + address.length()
          + " characters long; at most " + options.maxAddressLength() + " are allowed"));
      return false;
    }
    if (links.size() > options.maxLinks()) {
      link.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "at most " + options.maxLinks() + " links per connection"));
      return false;
    }
    boolean management = link instanceof AmqpSender ? link.isDynamic() : Admission.isManagement(address);
    String denial = management ? null : denial(link instanceof AmqpReceiver, address); // see Admission.MANAGEMENT
    if (denial != null) {
      LOG.info("{}: refused a link: {}", peer(), denial);
      link.refuse(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, denial));
      return false;
    }
    if (!link.chargeBudget(EngineOptions.LINK_COST)) {
      link.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
          "this service's memory budget (" + budget() + ") has no room for another link"));
      return false;
    }
    return true;
  }

  private String denial(boolean peerSends, String address) {
    if (options.admission() == null) {
      return null;
    }
    Principal principal = driver.principal();
    return principal == null ? "an anonymous peer may attach nothing here"
        : options.admission().denial(principal, peerSends, address);
  }

  private void onLinkRemoteClose(Link link) {
    if (link.getContext() instanceof AmqpLink<?> ours) {
      links.remove(ours);
      if (!ours.isPeerInitiated()) {
        sessions.linkGone(link.getSession());
      }
      ours.onRemoteClose();
    } else if (link.getLocalState() != EndpointState.CLOSED) {
      link.close();
    }
    freeIfClosed(link);
  }

  private void freeIfClosed(Link link) {
    if (link.getLocalState() == EndpointState.CLOSED && link.getRemoteState() == EndpointState.CLOSED) {
      link.free();
    }
  }

  private void onLinkFlow(Link link) {
    if (link.getContext() instanceof AmqpSender sender) {
      sender.onFlow();
    } else if (link.getContext() instanceof AmqpReceiver receiver) {
      receiver.onFlow();
    }
  }

  private void onDelivery(Delivery delivery) {
    Object link = delivery.getLink().getContext();
    if (link instanceof AmqpReceiver receiver) {
      receiver.onDelivery(delivery);
    } else if (link instanceof AmqpSender sender) {
      sender.onDeliveryUpdated(delivery);
    }
  }

  private void onWritable() {
    if (awaitingWritable.isEmpty()) {
      return;
    }
    List<AmqpSender> waited = awaitingWritable;
    awaitingWritable = new ArrayList<>();
    waited.forEach(sender -> sender.awaitingWritable = false);
    waited.forEach(AmqpSender::onWritable);
  }

  private void onTransportError() {
    if (!driver.isCarrierClosed()) {
      LOG.warn("{}: {}", peer(), driver.transport().getCondition());
    }
  }
}
