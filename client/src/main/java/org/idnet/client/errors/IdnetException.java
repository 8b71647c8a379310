package org.idnet.client.errors;

/**
 * Any failure of an idnet call: the network could not be reached, the answer could not be read, or
 * (subclasses) idnet or its token endpoint refused the call. Unchecked, like the HTTP clients'
 * own failures in most Java SDKs; catch {@link IdnetProblemException} for idnet's typed refusals.
 */
public class IdnetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public IdnetException(String message) {
    super(message);
  }

  public IdnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
