package org.idnet.identity.domain;

import java.util.regex.Pattern;

/**
 * A phone number in E.164 form, as phone-otp-service proved it. {@link #toString()} masks it, so a
 * number that slips into a log line or a message by accident still leaks nothing.
 */
public record PhoneNumber(String e164) {

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  public PhoneNumber {
    if (e164 == null || !E164.matcher(e164).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_PHONE_NUMBER, "phoneNumber",
          "phoneNumber must be in E.164 form: + then 7-15 digits, country code first");
    }
  }

  /**
   * The form for logs and answers: the country code and first digits, then stars, then the last
   * two digits; {@code +84912345678} becomes {@code +8491*****78}. At least five digits stay
   * hidden, so short numbers show fewer leading digits.
   */
  public String masked() {
    int digits = e164.length() - 1;
    int head = Math.max(0, Math.min(4, digits - 7));
    return e164.substring(0, 1 + head) + "*".repeat(digits - head - 2) + e164.substring(e164.length() - 2);
  }

  @Override
  public String toString() {
    return masked();
  }
}
