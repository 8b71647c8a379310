package org.idnet.otp.domain;

/** The SMS provider did not accept a message (error, timeout, or breaker open). Never names the number. */
public final class SmsNotSentException extends RuntimeException {

  public SmsNotSentException(String message, Throwable cause) {
    super(message, cause);
  }

  public SmsNotSentException(String message) {
    super(message);
  }
}
