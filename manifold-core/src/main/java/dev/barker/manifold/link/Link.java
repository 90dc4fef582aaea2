package dev.barker.manifold.link;

import dev.barker.manifold.Address;
import dev.barker.manifold.AuthenticationException;
import dev.barker.manifold.LinkClosedException;
import dev.barker.manifold.Redirect;
import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpLink;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link to an address that survives its peers: it resolves the address through the directory
 * named in it, follows {@code amqp:link:redirect} (bounded hops, loops refused) to the node that
 * serves it, and when the link or connection is lost it resolves again after an exponential
 * back-off with jitter. Subclasses say what to attach and what to do once linked.
 */
public abstract sealed class Link permits Sender, Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  final Linker linker;
  private final Address address;
  private final Backoff backoff;
  private AmqpLink<?> current;
  private String linkedTo;
  private boolean resolving;
  private boolean resolveAgain;
  private boolean closed;
  private long retryTimer = -1;
  private Handler<Link> linkedHandler = link -> { };
  private Handler<Throwable> errorHandler = error -> { };

  Link(Linker linker, Address address) {
    this.linker = linker;
    this.address = address;
    this.backoff = linker.options().newBackoff();
  }

  /** The address this link is for. */
  public Address address() {
    return address;
  }

  /** True while attached to the node that serves the address. */
  public boolean isLinked() {
    return current != null;
  }

  /** {@code host:port} of the node serving the address now, or null while unlinked. */
  public String linkedTo() {
    return linkedTo;
  }

  /** Called each time the link is (re-)established. */
  public Link linkedHandler(Handler<Link> handler) {
    this.linkedHandler = handler;
    return this;
  }

  /** Called with the reason each time an attempt to link fails (before the next retry). */
  public Link errorHandler(Handler<Throwable> handler) {
    this.errorHandler = handler;
    return this;
  }

  /** One line on why a link failed: the exception's own message, or its type when it has none. */
  public static String reason(Throwable error) {
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  /**
   * True when retrying after {@code error} cannot help unless someone changes something (a login
   * refused, access denied, a redirect loop): the link keeps trying, but a command may give up.
   */
  public static boolean isPermanent(Throwable error) {
    return error instanceof AuthenticationException || error instanceof RedirectException
        || error instanceof LinkClosedException closed && closed.isDenied();
  }

  /** Drops the current link, if any, and resolves the address again at once (routes changed). */
  public void relink() {
    linker.execute(() -> {
      if (closed) {
        return;
      }
      backoff.reset();
      if (current != null) {
        AmqpLink<?> old = current;
        unlink(old);
        old.close();
      }
      if (resolving) {
        resolveAgain = true; // the attempt under way may have asked before the routes changed
      } else {
        cancelRetry();
        resolve();
      }
    });
  }

  /** Stops the link for good: detaches it and stops reconnecting. */
  public Future<Void> close() {
    return Future.future(promise -> linker.execute(() -> {
      if (!closed) {
        closed = true;
        cancelRetry();
        if (current != null) {
          AmqpLink<?> old = current;
          unlink(old);
          old.close();
        }
        onClosed();
        linker.forget(this);
      }
      promise.complete();
    }));
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  void start() {
    resolve();
  }

  /** Attaches the engine link for {@code linkAddress} on {@code connection} and opens it. */
  abstract AmqpLink<?> attach(AmqpConnection connection, String linkAddress);

  /** The link is attached at the node serving the address. */
  abstract void onLinked(AmqpLink<?> link);

  /** The link was lost or dropped. */
  abstract void onUnlinked();

  /** The link was closed for good. */
  abstract void onClosed();

  private void resolve() {
    resolving = true;
    attempt(address.host(), address.port(), address.toString(), 0, new LinkedHashSet<>());
  }

  private void attempt(String host, int port, String linkAddress, int hops, Set<String> visited) {
    String step = host + ":" + port + " " + linkAddress;
    if (!visited.add(step)) {
      failed(new RedirectException(address, "redirect loop: " + String.join(" -> ", visited) + " -> " + step));
      return;
    }
    if (hops > linker.options().maxRedirects()) {
      failed(new RedirectException(address, "more than " + linker.options().maxRedirects()
          + " redirects: " + String.join(" -> ", visited)));
      return;
    }
    linker.connection(host, port)
        .compose(connection -> opened(attach(connection, linkAddress)))
        .onComplete(result -> {
          if (closed) {
            if (result.succeeded()) {
              result.result().close();
            }
            resolving = false;
          } else if (result.succeeded()) {
            linked(result.result(), host + ":" + port);
          } else {
            Redirect redirect = result.cause() instanceof LinkClosedException refused
                ? Redirect.from(refused.condition()) : null;
            if (redirect != null) {
              attempt(redirect.host(), redirect.port(), redirect.address(), hops + 1, visited);
            } else {
              failed(result.cause());
            }
          }
        });
  }

  /** The link once the peer has answered its attach, or a failure if it refused or never answered. */
  private Future<AmqpLink<?>> opened(AmqpLink<?> link) {
    long timeout = linker.options().attachTimeout().toMillis();
    boolean[] timedOut = {false};
    long timer = linker.vertx().setTimer(timeout, id -> {
      timedOut[0] = true;
      link.close();
    });
    return link.opened()
        .<AmqpLink<?>>map(v -> link)
        .recover(error -> Future.failedFuture(timedOut[0]
            ? new TimeoutException("no answer to the attach of " + address + " within " + timeout + " ms")
            : error))
        .onComplete(done -> linker.vertx().cancelTimer(timer));
  }

  private void linked(AmqpLink<?> link, String where) {
    resolving = false;
    if (resolveAgain) {
      resolveAgain = false;
      link.close(); // routes changed while that attempt ran: it may have reached a node that no longer serves us
      resolve();
      return;
    }
    current = link;
    linkedTo = where;
    backoff.reset();
    link.closeHandler(condition -> {
      if (current == link) {
        LOG.debug("{} lost its link at {}: {}", address, where, condition);
        unlink(link);
        scheduleRetry();
      }
    });
    LOG.debug("{} linked at {}", address, where);
    onLinked(link);
    linkedHandler.handle(this);
  }

  private void unlink(AmqpLink<?> link) {
    if (current == link) {
      current = null;
      linkedTo = null;
      onUnlinked();
    }
  }

  private void failed(Throwable error) {
    resolving = false;
    if (isPermanent(error)) {
      LOG.warn("{}", error.getMessage());
    } else {
      LOG.debug("cannot link {} yet: {}", address, error.toString());
    }
    errorHandler.handle(error);
    if (resolveAgain) {
      resolveAgain = false;
      resolve(); // routes changed while that attempt ran: ask again now, not after a back-off
    } else {
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    if (closed || retryTimer != -1 || resolving) {
      return;
    }
    retryTimer = linker.vertx().setTimer(backoff.nextDelayMillis(), id -> {
      retryTimer = -1;
      if (!closed && current == null && !resolving) {
        resolve();
      }
    });
  }

  private void cancelRetry() {
    if (retryTimer != -1) {
      linker.vertx().cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }
}
