package org.idnet.otp.domain;

import java.time.Duration;

/**
 * Every number that governs codes, sends and checks (defaults in {@code OtpProperties}).
 *
 * @param retention how long a verification stays readable after its code expired
 * @param bindLease how long a consumed code waits for the identity service before it counts again
 */
public record OtpPolicy(
    Duration codeTtl,
    Duration retention,
    int maxChecks,
    int maxSends,
    Duration resendInterval,
    int maxFailedChecksPerPhone,
    Duration failedChecksWindow,
    int maxVerificationsPerPhone,
    Duration phoneWindow,
    int maxVerificationsPerPlatform,
    Duration platformWindow,
    int prefixLength,
    int maxSendsPerPrefix,
    Duration prefixWindow,
    Duration bindLease) {

  public OtpPolicy {
    requirePositive("codeTtl", codeTtl);
    requirePositive("retention", retention);
    requirePositive("resendInterval", resendInterval);
    requirePositive("failedChecksWindow", failedChecksWindow);
    requirePositive("phoneWindow", phoneWindow);
    requirePositive("platformWindow", platformWindow);
    requirePositive("prefixWindow", prefixWindow);
    requirePositive("bindLease", bindLease);
    if (maxChecks < 1 || maxSends < 1 || maxFailedChecksPerPhone < 1 || maxVerificationsPerPhone < 1
        || maxVerificationsPerPlatform < 1 || maxSendsPerPrefix < 1) {
      throw new IllegalArgumentException("every limit must be at least 1");
    }
    if (prefixLength < 2) {
      throw new IllegalArgumentException("prefixLength must be at least 2");
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
