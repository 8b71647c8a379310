package org.idnet.otp.domain;

import java.time.Instant;
import org.idnet.phone.PhoneNumber;

/**
 * One phone verification as stored, with the hash of its current code.
 *
 * @param leaseUntil while BINDING, until when the checker that consumed the code owns it
 */
public record Verification(
    String id,
    String platformId,
    String accountId,
    PhoneNumber phone,
    VerificationState state,
    String codeHash,
    int attemptsRemaining,
    int sends,
    Instant expiresAt,
    Instant resendAvailableAt,
    Instant leaseUntil) {

  public boolean ownedBy(String platformId) {
    return this.platformId.equals(platformId);
  }

  public VerificationStatus statusAt(Instant now) {
    return switch (state) {
      case APPROVED -> VerificationStatus.APPROVED;
      case FAILED -> VerificationStatus.FAILED;
      // BINDING reads PENDING: the outcome is not decided until the identity service answers.
      case BINDING -> VerificationStatus.PENDING;
      case PENDING -> now.isBefore(expiresAt) ? VerificationStatus.PENDING : VerificationStatus.EXPIRED;
    };
  }

  public PhoneVerificationView view(Instant now) {
    return new PhoneVerificationView(id, accountId, phone.masked(), statusAt(now), expiresAt,
        resendAvailableAt, attemptsRemaining);
  }
}
