package org.idnet.otp.domain;

import java.util.Objects;

/**
 * A phone number already normalized to E.164. {@link #toString()} masks it, so a number that
 * ends up in a log line or an exception message by accident still leaks nothing.
 */
public record PhoneNumber(int countryCode, String nationalNumber) {

  public PhoneNumber {
    if (countryCode <= 0 || countryCode > 999) {
      throw new IllegalArgumentException("country code out of range");
    }
    Objects.requireNonNull(nationalNumber, "nationalNumber");
    if (!nationalNumber.matches("[0-9]{2,17}")) {
      throw new IllegalArgumentException("national number must be 2-17 digits");
    }
  }

  public String e164() {
    return "+" + countryCode + nationalNumber;
  }

  /**
   * The form shown in answers and logs: country code, the first two national digits, a star for
   * every hidden digit and the last two, e.g. {@code +8491*****78}. Short numbers hide everything.
   */
  public String masked() {
    int n = nationalNumber.length();
    if (n < 6) {
      return "+" + countryCode + "*".repeat(n);
    }
    return "+" + countryCode + nationalNumber.substring(0, 2) + "*".repeat(n - 4) + nationalNumber.substring(n - 2);
  }

  /** The first {@code length} characters of the E.164 form (with the '+'): the SMS-pumping bucket. */
  public String prefix(int length) {
    String e164 = e164();
    return e164.substring(0, Math.min(length, e164.length()));
  }

  @Override
  public String toString() {
    return masked();
  }
}
