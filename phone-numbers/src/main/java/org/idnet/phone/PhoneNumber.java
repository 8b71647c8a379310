package org.idnet.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form: {@code +}, the country calling code, the national number; 7 to
 * 15 digits. {@link #toString()} masks it, so a number that slips into a log line or a message by
 * accident still leaks nothing.
 */
public record PhoneNumber(String e164) {

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  /** E.164 calling codes are one to three digits and no code is the prefix of another. */
  private static final int MAX_CALLING_CODE_DIGITS = 3;
  /** Never fewer hidden digits than this, whatever the number's length. */
  static final int MIN_HIDDEN = 5;
  /** Never more leading digits shown than this. */
  static final int MAX_HEAD = 4;
  static final int TAIL = 2;

  /** @throws InvalidPhoneNumberException unless {@code e164} is + then 7-15 digits, the first not 0 */
  public PhoneNumber {
    if (e164 == null || !E164.matcher(e164).matches()) {
      throw new InvalidPhoneNumberException("phoneNumber must be in E.164 form: + then 7-15 digits, country code first");
    }
  }

  /** The number of {@code countryCode} and {@code nationalNumber} (the national significant number). */
  public static PhoneNumber of(int countryCode, String nationalNumber) {
    return new PhoneNumber("+" + countryCode + nationalNumber);
  }

  /**
   * The one masked form, for answers and logs: the first digits, a star for every hidden digit,
   * the last two; {@code +84912345678} becomes {@code +8491*****78}. At most four leading digits
   * show and at least five digits stay hidden, so a short number shows fewer leading digits (a
   * number of seven digits shows only its last two): whatever the country, a masked number stands
   * for at least 100,000 numbers.
   */
  public String masked() {
    int digits = e164.length() - 1;
    int head = Math.max(0, Math.min(MAX_HEAD, digits - MIN_HIDDEN - TAIL));
    return e164.substring(0, 1 + head) + "*".repeat(digits - head - TAIL) + e164.substring(e164.length() - TAIL);
  }

  /** The first {@code length} characters of the E.164 form (with the '+'), e.g. a bucket of numbers. */
  public String prefix(int length) {
    return e164.substring(0, Math.min(length, e164.length()));
  }

  /**
   * The country calling code, e.g. 84.
   *
   * @throws IllegalStateException if the number starts with no calling code libphonenumber knows
   *     (possible only for a number made from E.164 text, never for a normalized one)
   */
  public int countryCode() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (int digits = 1; digits <= MAX_CALLING_CODE_DIGITS; digits++) {
      int code = Integer.parseInt(e164.substring(1, 1 + digits));
      if (util.getSupportedCallingCodes().contains(code)) {
        return code;
      }
    }
    throw new IllegalStateException("no known country calling code starts " + masked());
  }

  /** The national significant number: the digits after the country code. */
  public String nationalNumber() {
    return e164.substring(1 + Integer.toString(countryCode()).length());
  }

  @Override
  public String toString() {
    return masked();
  }
}
