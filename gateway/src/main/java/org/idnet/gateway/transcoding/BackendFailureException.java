package org.idnet.gateway.transcoding;

import io.grpc.Status;

/**
 * A backend did not answer: unreachable, overloaded, or past its deadline. Unlike a business
 * error this counts against the backend's circuit breaker, and a read may be retried.
 */
public class BackendFailureException extends RuntimeException {

  private final Status status;
  private final String backend;

  public BackendFailureException(String backend, Status status) {
    super(backend + ": " + status.getCode(), status.getCause(), false, false);
    this.backend = backend;
    this.status = status;
  }

  public Status status() {
    return status;
  }

  public String backend() {
    return backend;
  }

  /** Unreachable or refusing: worth a retry of a read. A deadline overrun is not. */
  public static final class Unavailable extends BackendFailureException {
    public Unavailable(String backend, Status status) {
      super(backend, status);
    }
  }
}
