package org.idnet.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.idnet.phone.InvalidPhoneNumberException;
import org.idnet.phone.PhoneNumber;
import org.idnet.phone.PhoneNumberNormalizer;

/**
 * The rules of one import line that need no store, in the order they are applied (the first that
 * fails is the line's reason): the account id, the number (in E.164 form, as a binding's, and a
 * valid mobile number of some region by libphonenumber's metadata, as the platform's SMS proved it:
 * idnet never saw that SMS, so the shape alone is not enough), then the platform's verification
 * time, which must be known, not later than the processing and not older than {@code maxVerifiedAge}.
 */
public final class ImportLineRules {

  /** Mobile numbers of any region; the default region never applies (the input is E.164). */
  private static final PhoneNumberNormalizer MOBILE = PhoneNumberNormalizer.anyMobile("VN");

  private final Duration maxVerifiedAge;

  public ImportLineRules(Duration maxVerifiedAge) {
    if (maxVerifiedAge == null || maxVerifiedAge.isNegative() || maxVerifiedAge.isZero()) {
      throw new IllegalArgumentException("maxVerifiedAge must be positive");
    }
    this.maxVerifiedAge = maxVerifiedAge;
  }

  public LineCheck check(String platformId, ImportLine line, Instant now) {
    Objects.requireNonNull(platformId, "platformId");
    AccountRef account;
    try {
      account = new AccountRef(platformId, line.accountId());
    } catch (IdentityException e) {
      if (e.reason() != FailureReason.INVALID_ACCOUNT_ID) {
        throw e;
      }
      return new LineCheck.Refused(line.line(), ImportRefusal.INVALID_ACCOUNT_ID);
    }
    PhoneNumber phone;
    try {
      // Bound as libphonenumber's canonical E.164 (+840936000001 is +84936000001), the form every
      // carrier report and OTP binding takes: a number bound in another spelling would have another
      // blind index, and no report of its recycling would ever end it.
      phone = MOBILE.normalize(PhoneNumbers.e164(line.phoneNumber()).e164());
    } catch (IdentityException | InvalidPhoneNumberException e) {
      return new LineCheck.Refused(line.line(), ImportRefusal.INVALID_PHONE_NUMBER);
    }
    if (line.verifiedAt().isEmpty() || line.verifiedAt().get().isAfter(now)
        || line.verifiedAt().get().isBefore(now.minus(maxVerifiedAge))) {
      return new LineCheck.Refused(line.line(), ImportRefusal.INVALID_VERIFIED_AT);
    }
    return new LineCheck.Valid(line.line(), account, phone, line.verifiedAt().get());
  }

  public Duration maxVerifiedAge() {
    return maxVerifiedAge;
  }
}
