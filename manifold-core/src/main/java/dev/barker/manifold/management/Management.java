package dev.barker.manifold.management;

import dev.barker.manifold.engine.Admission;

/**
 * The request/response protocol of a service's management node, named once, in the shape of the
 * AMQP management draft: a request goes to {@code //HOST:PORT/$management} with a {@code reply-to}
 * (the address of the requester's dynamic receiver on the same service) and a message-id; its
 * application properties name the {@link #OPERATION}, the {@link #TYPE} of thing and its
 * {@link #NAME}; its body (an AMQP map) holds the arguments. The response carries the request's
 * message-id as its correlation-id, {@link #STATUS_CODE} and {@link #STATUS_DESCRIPTION}, and the
 * result as its body. A request the requester may not make is rejected, not answered:
 * {@code amqp:unauthorized-access}, saying which role it needs.
 */
public final class Management {

  /** The node's address on every service. */
  public static final String ADDRESS = Admission.MANAGEMENT;
  /** Request property: what to do, e.g. {@link #QUERY}. */
  public static final String OPERATION = "operation";
  /** Request property: the kind of thing, e.g. {@code stream}. */
  public static final String TYPE = "type";
  /** Request property: which one, e.g. {@code /outbox/rex}. */
  public static final String NAME = "name";
  /** Response property: an HTTP-like status (200, 400, 404, 409, 500, 501). */
  public static final String STATUS_CODE = "statusCode";
  /** Response property: what went wrong, in one line. */
  public static final String STATUS_DESCRIPTION = "statusDescription";

  /** Operation: list things of a type (paged, sorted, filtered as its arguments say). */
  public static final String QUERY = "QUERY";
  /** Operation: one thing in detail. */
  public static final String READ = "READ";
  /** Operation: remove one thing. */
  public static final String DELETE = "DELETE";

  /** Role that may read (queries and details), under access rules. */
  public static final String VIEWER = "viewer";
  /** Role that may act (retry, purge, remove), under access rules. */
  public static final String ADMIN = "admin";

  private Management() {
  }
}
