package org.idnet.disclosure.release.domain;

/** identity-service refused a grant (signature, key, expiry, replay or scope). */
public final class GrantRefusedException extends RuntimeException {

  public GrantRefusedException(String message) {
    super(message);
  }
}
