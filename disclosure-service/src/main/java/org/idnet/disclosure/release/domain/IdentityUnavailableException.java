package org.idnet.disclosure.release.domain;

/** identity-service did not answer; the release is retried later. */
public final class IdentityUnavailableException extends RuntimeException {

  public IdentityUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
