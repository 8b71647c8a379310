package org.idnet.audit.verifier;

/**
 * An input the verifier cannot read (missing file, malformed JSON, a field of the wrong shape):
 * nothing was verified, which is not the same as a tampered log, so the command exits 2, not 1.
 */
public final class BadInputException extends RuntimeException {

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
