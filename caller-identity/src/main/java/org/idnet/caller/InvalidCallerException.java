package org.idnet.caller;

/** The caller stated on a call is malformed. */
public final class InvalidCallerException extends RuntimeException {
  public InvalidCallerException(String message) {
    super(message, null, false, false);
  }
}
