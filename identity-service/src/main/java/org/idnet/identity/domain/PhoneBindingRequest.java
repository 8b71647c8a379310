package org.idnet.identity.domain;

import java.util.Objects;
import java.util.regex.Pattern;
import org.idnet.phone.PhoneNumber;

/**
 * An approved phone verification to record: the account proved control of the number.
 *
 * @param verificationId the phone-otp verification; binding twice with it records nothing new
 */
public record PhoneBindingRequest(AccountRef account, PhoneNumber phone, String verificationId) {

  private static final Pattern VERIFICATION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

  public PhoneBindingRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(phone, "phone");
    if (verificationId == null || !VERIFICATION_ID.matcher(verificationId).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_VERIFICATION_ID, "verificationId",
          "verificationId must be 1-128 visible ASCII characters");
    }
  }

  /** Validates raw request fields in the order a caller reads them and fails on the first bad one. */
  public static PhoneBindingRequest of(String platformId, String accountId, String phoneNumber, String verificationId) {
    AccountRef account = new AccountRef(platformId, accountId);
    return new PhoneBindingRequest(account, PhoneNumbers.e164(phoneNumber), verificationId);
  }
}
