package dev.barker.manifold.engine;

import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Session;

/**
 * The sessions a connection begins for the links it opens: another each
 * {@link #LINKS_PER_SESSION} links, as proton-j gives a new link the lowest free handle of its
 * session by trying each from 0, so that on one session an attach costs as many lookups as the
 * session has links, at each end (10,003 links over one session took 4.7 s to attach, a third of
 * the CPU in that search; 2.5 s over sessions of a thousand). A session that filled ends once its
 * last link has gone.
 */
final class OwnSessions {

  /** Links begun on one session before the next link begins another. */
  static final int LINKS_PER_SESSION = 1_000;

  private final Connection connection;
  private Session current;

  OwnSessions(Connection connection) {
    this.connection = connection;
  }

  /** The session for a link about to be made: the current one, or a new one when it is full. */
  Session forNewLink() {
    if (current == null || links(current).count >= LINKS_PER_SESSION) {
      current = connection.session();
      current.setContext(new Links());
      current.open();
    }
    links(current).count++;
    return current;
  }

  /** One of our links on {@code session} is gone for good (detached both ways). */
  void linkGone(Session session) {
    if (session.getContext() instanceof Links links && --links.count == 0 && session != current
        && session.getLocalState() != EndpointState.CLOSED) {
      session.close();
    }
  }

  /** The peer ended {@code session}: the next link begins a new one. */
  void ended(Session session) {
    if (session == current) {
      current = null;
    }
  }

  private static Links links(Session session) {
    return (Links) session.getContext();
  }

  /** Links made on a session of ours and not gone yet. */
  private static final class Links {
    int count;
  }
}
