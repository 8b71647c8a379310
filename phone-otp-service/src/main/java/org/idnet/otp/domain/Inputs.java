package org.idnet.otp.domain;

import java.util.regex.Pattern;
import org.idnet.phone.InvalidPhoneNumberException;
import org.idnet.phone.PhoneNumber;
import org.idnet.phone.PhoneNumberNormalizer;

/** Shape checks of request fields, as the service's own refusals. */
public final class Inputs {

  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  /** ASCII digits only: {@code \d} would also let other scripts' digits through. */
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");

  private Inputs() {
  }

  public static String accountId(String value) {
    if (value == null || !ACCOUNT_ID.matcher(value).matches()) {
      throw OtpException.invalid(FailureReason.INVALID_ACCOUNT_ID, "accountId",
          "accountId must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
    }
    return value;
  }

  /** The number as E.164, if it is one a code can be sent to (the normalizer's policy). */
  public static PhoneNumber phoneNumber(PhoneNumberNormalizer normalizer, String value) {
    try {
      return normalizer.normalize(value);
    } catch (InvalidPhoneNumberException e) {
      throw OtpException.invalid(FailureReason.INVALID_PHONE_NUMBER, "phoneNumber", e.getMessage());
    }
  }

  public static String code(String value) {
    if (value == null || !CODE.matcher(value).matches()) {
      throw OtpException.invalid(FailureReason.INVALID_CODE, "code", "code must be exactly 6 digits");
    }
    return value;
  }
}
