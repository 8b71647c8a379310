package org.idnet.caller;

/** The caller identity on a call is missing, forged, malformed or stale. */
public final class InvalidCallerException extends RuntimeException {
  public InvalidCallerException(String message) {
    super(message, null, false, false);
  }
}
