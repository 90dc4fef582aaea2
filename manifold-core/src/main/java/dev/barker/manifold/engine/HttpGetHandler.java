package dev.barker.manifold.engine;

/**
 * Answers a plain HTTP {@code GET} (one that is no WebSocket upgrade) arriving on an AMQP port:
 * how a service serves health probes and metrics without a port of its own. It runs on the
 * listener's event loop, so it may read the service's state.
 */
@FunctionalInterface
public interface HttpGetHandler {

  /** An HTTP response: its status, content type and body. */
  record Response(int status, String contentType, byte[] body) {
  }

  /** The response to {@code GET path} (without its query) with this {@code Accept} header (may be null), or null for 404. */
  Response get(String path, String accept);
}
