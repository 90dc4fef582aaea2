package dev.barker.manifold.management;

/** A management request that cannot be done as asked: answered with {@link #status()} and the message. */
public final class ManagementException extends RuntimeException {

  private final int status;

  /** Fails a request with {@code status} (400: bad arguments, 404: no such thing, 409: not now) and {@code description}. */
  public ManagementException(int status, String description) {
    super(description, null, false, false);
    this.status = status;
  }

  /** The response's status code. */
  public int status() {
    return status;
  }
}
