package dev.barker.launch;

import dev.barker.manifold.link.Link;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What a command tells its user while a link cannot be made: each new reason once on stderr, as
 * it happens, saying whether it will retry; a reason that retrying cannot cure (a login refused,
 * access denied, a redirect loop) ends {@link #hopeless()}.
 */
final class LinkTrouble implements Handler<Throwable> {

  private final PrintWriter err;
  private final String waitingFor;
  private final Promise<Void> hopeless = Promise.promise();
  private volatile String lastReason;

  /** @param waitingFor what the command waits for, e.g. "the inbox of ark3 (//127.0.0.1/inbox/ark3)" */
  LinkTrouble(PrintWriter err, String waitingFor) {
    this.err = err;
    this.waitingFor = waitingFor;
  }

  @Override
  public void handle(Throwable error) {
    String reason = Link.reason(error);
    boolean permanent = Link.isPermanent(error);
    if (!Objects.equals(reason, lastReason)) {
      lastReason = reason;
      if (!permanent) {
        err.println("barker: waiting for " + waitingFor + ": " + reason + "; retrying");
        err.flush();
      }
    }
    if (permanent) {
      hopeless.tryFail(reason);
    }
  }

  /** Fails, with the reason, on the first failure retrying cannot cure; never succeeds. */
  Future<Void> hopeless() {
    return hopeless.future();
  }

  /** {@code work}'s outcome, or the first failure retrying cannot cure, whichever comes first. */
  <T> Future<T> unlessHopeless(Future<T> work) {
    Promise<T> outcome = Promise.promise();
    work.onComplete(done -> {
      if (done.succeeded()) {
        outcome.tryComplete(done.result());
      } else {
        outcome.tryFail(done.cause());
      }
    });
    hopeless.future().onFailure(outcome::tryFail);
    return outcome.future();
  }

  /** The last reason a link failed, or null if none has. */
  String lastReason() {
    return lastReason;
  }
}
