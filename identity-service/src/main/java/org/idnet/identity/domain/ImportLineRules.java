package org.idnet.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.idnet.phone.PhoneNumber;

/**
 * The rules of one import line that need no store, in the order they are applied (the first that
 * fails is the line's reason): the account id, the number (E.164 by the shared rules of module
 * phone-numbers, as a binding's), then the platform's verification time, which must be known, not
 * later than the processing and not older than {@code maxVerifiedAge}.
 */
public final class ImportLineRules {

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
      phone = PhoneNumbers.e164(line.phoneNumber());
    } catch (IdentityException e) {
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
