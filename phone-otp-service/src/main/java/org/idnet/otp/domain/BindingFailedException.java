package org.idnet.otp.domain;

/** The identity service did not confirm a binding (down, slow or refusing). */
public final class BindingFailedException extends RuntimeException {

  public BindingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
