package dev.barker.manifold.engine;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves bytes between a {@link Carrier} and a proton-j {@link Transport}, and runs the proton event
 * loop ("pump") on the connection's Vert.x context: input in, events out to the handler, output
 * flushed to the carrier, the idle-timeout timer re-armed. Knows nothing about links.
 */
final class TransportDriver {

  private static final Logger LOG = LoggerFactory.getLogger(TransportDriver.class);
  private static final long CLOSE_GRACE_MS = 2_000;
  /**
   * Bytes senders may hand proton between two flushes before they count as not writable: what one
   * event-loop turn may queue for a connection, however much credit its peer grants.
   */
  private static final int UNFLUSHED_HIGH_WATER = 256 * 1024;

  private final Context context;
  private final Transport transport = Proton.transport();
  private final Collector collector = Proton.collector();
  private final Consumer<Event> events;
  private final Runnable onClosed;
  private final boolean server;
  private Carrier carrier;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean pumpScheduled;
  private boolean carrierClosed;
  private long idleTimer = -1;
  private long idleTimerDeadline;
  private boolean inputSeen;
  private Principal principal;
  private Runnable onWritable = () -> { };
  private long unflushed;

  TransportDriver(Context context, Connection connection, EngineOptions options, boolean server,
      Consumer<Event> events, Runnable onClosed) {
    this.context = context;
    this.events = events;
    this.onClosed = onClosed;
    this.server = server;
    transport.setMaxFrameSize(options.maxFrameSize()); // before bind: it goes into our open frame
    transport.setChannelMax(options.maxSessions() - 1); // advertised; AmqpConnection enforces it
    transport.setIdleTimeout((int) options.idleTimeout().toMillis());
    Sasl sasl = transport.sasl();
    if (server && options.authenticator() != null) {
      sasl.server();
      sasl.allowSkip(false); // no way in without credentials
      sasl.setMechanisms("PLAIN");
      sasl.setListener(new PlainSaslServer(options.authenticator(), options.loginThrottle(), this::peer, this::source,
          who -> principal = who, this::pump));
    } else if (server) {
      sasl.server();
      sasl.allowSkip(true); // rhea without credentials sends the plain AMQP header, no SASL layer
      sasl.setMechanisms("ANONYMOUS");
      sasl.setListener(new AnonymousSaslServer());
    } else if (options.user() != null) {
      sasl.plain(options.user(), options.password());
    } else {
      sasl.client();
      sasl.setMechanisms("ANONYMOUS");
    }
    connection.collect(collector);
    transport.bind(connection);
  }

  /** Starts moving bytes; {@code onWritable} runs when a full socket write queue has drained. */
  void attach(Carrier carrier, Runnable onWritable) {
    this.carrier = carrier;
    this.onWritable = onWritable;
    carrier.drainHandler(() -> {
      pump();
      onWritable.run();
    });
    pump();
  }

  /** Bytes from the carrier, in order. */
  void onBytes(Buffer data) {
    if (carrierClosed) {
      return;
    }
    inputSeen = true;
    int length = data.length();
    int offset = 0;
    while (offset < length) {
      int capacity = transport.capacity();
      if (capacity <= 0) {
        LOG.debug("{}: input closed, dropping {} bytes", carrier.peer(), length - offset);
        break;
      }
      int chunk = Math.min(capacity, length - offset);
      transport.tail().put(data.getBytes(offset, offset + chunk));
      offset += chunk;
      String badInput = processInput();
      if (badInput != null) {
        LOG.warn("{}: closing connection on bad input: {}", carrier.peer(), badInput);
        pump(); // writes proton's close frame with the framing error
        closeCarrier();
        return;
      }
    }
    pump();
  }

  /**
   * Lets proton read what is in its tail; says what was wrong with it, or null. Proton reports most
   * framing errors itself, but some malformed frames make its decoder throw instead (an index out of
   * bounds): those end the connection the same way, with {@code amqp:decode-error}.
   */
  private String processInput() {
    try {
      TransportResult result = transport.processInput();
      return result.isOk() ? null : result.getErrorDescription();
    } catch (RuntimeException undecodable) {
      String description = "malformed frame: " + undecodable;
      transport.setCondition(new ErrorCondition(AmqpError.DECODE_ERROR, description));
      return description;
    }
  }

  /** The carrier is gone (peer closed, network error, or we closed it). */
  void onCarrierClosed() {
    if (carrierClosed) {
      return;
    }
    carrierClosed = true;
    try {
      transport.close_tail();
    } catch (RuntimeException reported) {
      // proton parses what is left in its tail again on close: the malformed frame processInput reported
    }
    transport.close_head();
    cancelIdleTimer();
    pump();
    onClosed.run();
  }

  /** How the peer answered our SASL login, on a connection we opened ({@code PN_SASL_NONE} before it has). */
  Sasl.SaslOutcome loginOutcome() {
    return server ? Sasl.SaslOutcome.PN_SASL_NONE : transport.sasl().getOutcome();
  }

  boolean isCarrierClosed() {
    return carrierClosed;
  }

  /** True while output may be written without queueing in the socket, nor too much in proton meanwhile. */
  boolean isWritable() {
    return !carrierClosed && carrier != null && !carrier.writeQueueFull() && unflushed < UNFLUSHED_HIGH_WATER;
  }

  /** A sender handed proton {@code bytes} to write. */
  void queued(int bytes) {
    unflushed += bytes;
  }

  Transport transport() {
    return transport;
  }

  String peer() {
    return carrier == null ? "(connecting)" : carrier.peer();
  }

  /** The peer's address, without its port: what limits per source count by. */
  String source() {
    return carrier == null ? "?" : carrier.source();
  }

  /**
   * Pump soon, on the context, once however often it is asked: lets work on other connections
   * (a manifold fanning out) batch its output into one flush per event-loop turn.
   */
  void requestPump() {
    if (pumping) {
      pumpAgain = true;
    } else if (!pumpScheduled && !carrierClosed) {
      pumpScheduled = true;
      context.runOnContext(v -> {
        pumpScheduled = false;
        pump();
      });
    }
  }

  /** Handles every pending proton event, then writes the transport's output. Re-entrant safe. */
  void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        for (Event event = collector.peek(); event != null; event = collector.peek()) {
          try {
            if (!saslFailed()) {
              events.accept(event); // proton lets frames through after a failed SASL: never act on them
            }
          } finally {
            collector.pop(); // never handle an event twice, whatever its handler did
          }
        }
        flush();
        if (saslFailed() && !carrierClosed) {
          closeCarrier(); // after the outcome frame just written
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    armIdleTimer();
  }

  /** Closes the carrier once proton's last frames are written, or after a grace period. */
  void closeAfterFlush() {
    pump();
    if (!carrierClosed) {
      context.owner().setTimer(CLOSE_GRACE_MS, id -> closeCarrier());
    }
  }

  /** Drops the carrier at once, without a close frame: what a crash looks like to the peer. */
  void closeCarrier() {
    if (carrier != null) {
      carrier.close();
    }
    onCarrierClosed();
  }

  /** The principal the peer authenticated as; null without authentication. */
  Principal principal() {
    return principal;
  }

  private boolean saslFailed() {
    return transport.sasl().getState() == Sasl.SaslState.PN_SASL_FAIL;
  }

  private void flush() {
    if (carrier == null || (server && !inputSeen)) {
      return; // the client speaks first: before it has, the sniffer may not yet know AMQP from WebSocket
    }
    if (unflushed >= UNFLUSHED_HIGH_WATER) {
      context.runOnContext(v -> onWritable.run()); // senders stopped for it: they may go on once this is out
    }
    unflushed = 0;
    while (!carrierClosed) {
      int pending = transport.pending();
      if (pending > 0) {
        ByteBuffer head = transport.head();
        byte[] out = new byte[pending];
        head.get(out);
        transport.pop(pending);
        carrier.write(Buffer.buffer(out));
      } else {
        if (pending < 0) {
          closeCarrier(); // head closed: our close frame (if any) is written
        }
        return;
      }
    }
  }

  private void armIdleTimer() {
    if (carrierClosed) {
      return;
    }
    long now = System.nanoTime() / 1_000_000L;
    long deadline = transport.tick(now);
    if (transport.pending() != 0) {
      requestPump(); // tick may have produced a heartbeat or an idle-timeout close
    }
    if (deadline == 0 || (idleTimer != -1 && idleTimerDeadline <= deadline)) {
      return; // no deadline, or the armed timer fires first and re-arms
    }
    cancelIdleTimer();
    idleTimerDeadline = deadline;
    idleTimer = context.owner().setTimer(Math.max(1, deadline - now), id -> {
      idleTimer = -1;
      pump();
    });
  }

  private void cancelIdleTimer() {
    if (idleTimer != -1) {
      context.owner().cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }
}
