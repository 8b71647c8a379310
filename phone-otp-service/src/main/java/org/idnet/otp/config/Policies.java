package org.idnet.otp.config;

import org.idnet.otp.domain.OtpPolicy;

/** Configuration to the domain's policy record. */
final class Policies {

  private Policies() {
  }

  static OtpPolicy from(OtpProperties p) {
    OtpProperties.Limits l = p.limits();
    return new OtpPolicy(p.codeTtl(), p.retention(), l.maxChecks(), l.maxSends(), l.resendInterval(),
        l.maxFailedChecksPerPhone(), l.failedChecksWindow(), l.maxVerificationsPerPhone(), l.phoneWindow(),
        l.maxVerificationsPerPlatform(), l.platformWindow(), l.prefixLength(), l.maxSendsPerPrefix(),
        l.prefixWindow(), p.bindLease());
  }
}
