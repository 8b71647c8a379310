package org.idnet.otp.testing;

import java.time.Duration;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.SharedCeiling;

/** The production defaults, as a mutable builder so a test can shrink the limit it is about. */
public final class TestPolicy {

  public Duration codeTtl = Duration.ofMinutes(5);
  public Duration retention = Duration.ofMinutes(10);
  public int maxChecks = 5;
  public int maxSends = 5;
  public Duration resendInterval = Duration.ofSeconds(60);
  public int maxFailedChecksPerPhone = 100;
  public int maxFailedChecksPerPhonePerPlatform = 20;
  public Duration failedChecksWindow = Duration.ofHours(24);
  public int maxVerificationsPerPhone = 15;
  public int maxVerificationsPerPhonePerPlatform = 3;
  public Duration phoneWindow = Duration.ofHours(1);
  public int maxVerificationsPerPlatform = 600;
  public Duration platformWindow = Duration.ofMinutes(1);
  public int prefixLength = 7;
  public int maxSendsPerPrefix = 1000;
  public int maxSendsPerPrefixPerPlatform = 200;
  public Duration prefixWindow = Duration.ofMinutes(10);
  public Duration bindLease = Duration.ofSeconds(10);
  public Duration idempotencyWindow = Duration.ofHours(24);

  public OtpPolicy build() {
    return new OtpPolicy(codeTtl, retention, maxChecks, maxSends, resendInterval,
        new SharedCeiling("failed checks", maxFailedChecksPerPhone, maxFailedChecksPerPhonePerPlatform,
            failedChecksWindow),
        new SharedCeiling("verifications per phone", maxVerificationsPerPhone, maxVerificationsPerPhonePerPlatform,
            phoneWindow),
        maxVerificationsPerPlatform, platformWindow, prefixLength,
        new SharedCeiling("sends per prefix", maxSendsPerPrefix, maxSendsPerPrefixPerPlatform, prefixWindow),
        bindLease);
  }
}
