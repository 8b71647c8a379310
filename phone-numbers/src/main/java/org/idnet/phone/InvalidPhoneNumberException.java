package org.idnet.phone;

/**
 * Not a phone number this network takes. The message says what was expected, never the input
 * (it may be a real number); each service turns this into its own refusal (invalid-phone-number).
 */
public final class InvalidPhoneNumberException extends IllegalArgumentException {

  InvalidPhoneNumberException(String message) {
    super(message);
  }
}
