package org.idnet.identity.domain;

import org.idnet.phone.InvalidPhoneNumberException;
import org.idnet.phone.PhoneNumber;
import org.idnet.phone.PhoneNumberNormalizer;

/** The shared phone-number rules (module phone-numbers), refused as this service refuses: invalid-phone-number. */
public final class PhoneNumbers {

  private PhoneNumbers() {
  }

  /** A number in E.164 form, as phone-otp-service proved it. */
  public static PhoneNumber e164(String value) {
    try {
      return new PhoneNumber(value);
    } catch (InvalidPhoneNumberException e) {
      throw invalid(e);
    }
  }

  /** A number as a carrier sends it, national or international. */
  public static PhoneNumber normalize(PhoneNumberNormalizer normalizer, String value) {
    try {
      return normalizer.normalize(value);
    } catch (InvalidPhoneNumberException e) {
      throw invalid(e);
    }
  }

  private static IdentityException invalid(InvalidPhoneNumberException e) {
    return IdentityException.invalid(FailureReason.INVALID_PHONE_NUMBER, "phoneNumber", e.getMessage());
  }
}
