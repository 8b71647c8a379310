package org.idnet.otp.config;

import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.SharedCeiling;

/** Configuration to the domain's policy record. */
final class Policies {

  private Policies() {
  }

  static OtpPolicy from(OtpProperties p) {
    OtpProperties.Limits l = p.limits();
    String prefix = "idnet.otp.limits.";
    OtpPolicy policy = new OtpPolicy(p.codeTtl(), p.retention(), l.maxChecks(), l.maxSends(), l.resendInterval(),
        new SharedCeiling(prefix + "max-failed-checks-per-phone", l.maxFailedChecksPerPhone(),
            l.maxFailedChecksPerPhonePerPlatform(), l.failedChecksWindow()),
        new SharedCeiling(prefix + "max-verifications-per-phone", l.maxVerificationsPerPhone(),
            l.maxVerificationsPerPhonePerPlatform(), l.phoneWindow()),
        l.maxVerificationsPerPlatform(), l.platformWindow(), l.prefixLength(),
        new SharedCeiling(prefix + "max-sends-per-prefix", l.maxSendsPerPrefix(), l.maxSendsPerPrefixPerPlatform(),
            l.prefixWindow()),
        p.bindLease());
    if (p.idempotencyWindow().compareTo(policy.longestLife()) < 0) {
      // A repeat while the verification still lives must never start a second one.
      throw new IllegalArgumentException("idnet.otp.idempotency-window must be at least " + policy.longestLife()
          + " (the longest life of a verification)");
    }
    return policy;
  }
}
