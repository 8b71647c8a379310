package org.idnet.otp.domain;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks codes. The store consumes the right code atomically (PENDING to BINDING), then the
 * identity service records the binding, then the verification is APPROVED. If the identity
 * service fails the code is put back, so the user can try the same code again: a verification
 * is never approved without a binding, nor a binding left without an approved verification.
 */
public final class CodeChecker {

  private static final Logger LOG = LoggerFactory.getLogger(CodeChecker.class);

  private final VerificationReader reader;
  private final CodeHasher hasher;
  private final CodeChecks checks;
  private final PhoneBinder binder;
  private final Clock clock;

  public CodeChecker(VerificationReader reader, CodeHasher hasher, CodeChecks checks, PhoneBinder binder, Clock clock) {
    this.reader = reader;
    this.hasher = hasher;
    this.checks = checks;
    this.binder = binder;
    this.clock = clock;
  }

  public PhoneVerificationView check(String platformId, String id, String code) {
    Inputs.code(code);
    Verification v = reader.load(platformId, id);
    Instant now = clock.instant();
    String candidate = hasher.hash(v.id(), v.platformId(), v.accountId(), v.phone(), code);
    return switch (checks.consume(v, candidate, now)) {
      case CheckOutcome.Refused refused -> throw refused.refusal().toException();
      case CheckOutcome.Mismatched wrong -> mismatched(v, wrong.attemptsRemaining());
      case CheckOutcome.Matched matched -> bind(v, matched.leaseToken(), now);
    };
  }

  private PhoneVerificationView mismatched(Verification v, int attemptsRemaining) {
    VerificationStatus status = attemptsRemaining > 0 ? VerificationStatus.PENDING : VerificationStatus.FAILED;
    LOG.info("wrong code for verification {} ({}); {} attempts left", v.id(), v.phone().masked(), attemptsRemaining);
    return new PhoneVerificationView(v.id(), v.accountId(), v.phone().masked(), status, v.expiresAt(),
        v.resendAvailableAt(), attemptsRemaining);
  }

  private PhoneVerificationView bind(Verification v, String leaseToken, Instant now) {
    try {
      binder.bind(new PhoneBinding(v.platformId(), v.accountId(), v.phone(), v.id()));
    } catch (RuntimeException e) {
      // The type only: what failed may have quoted the binding, number included.
      LOG.warn("binding for verification {} ({}) failed: {}; the code stays valid", v.id(), v.phone().masked(),
          e.getClass().getSimpleName());
      try {
        checks.release(v.id(), leaseToken);
      } catch (RuntimeException releaseFailure) {
        // The lease runs out by itself; then the same code can be checked again.
        LOG.warn("could not release verification {} after a failed binding: {}", v.id(),
            releaseFailure.getClass().getSimpleName());
      }
      throw OtpException.of(FailureReason.IDENTITY_UNAVAILABLE,
          "the identity service is unavailable; check the same code again later");
    }
    checks.approve(v.id(), leaseToken);
    LOG.info("verification {} approved for {}", v.id(), v.phone().masked());
    return new PhoneVerificationView(v.id(), v.accountId(), v.phone().masked(), VerificationStatus.APPROVED,
        v.expiresAt(), v.resendAvailableAt(), v.attemptsRemaining());
  }
}
