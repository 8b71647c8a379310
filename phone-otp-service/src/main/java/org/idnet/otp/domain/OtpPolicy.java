package org.idnet.otp.domain;

import java.time.Duration;

/**
 * Every number that governs codes, sends and checks (defaults in {@code OtpProperties}).
 *
 * @param retention how long a verification stays readable after its code expired
 * @param failedChecks failed checks per phone number, across its verifications
 * @param verificationsPerPhone new verifications per phone number
 * @param maxVerificationsPerPlatform new verifications per platform in {@code platformWindow}
 * @param sendsPerPrefix sends (first codes and resends) per number prefix: the SMS-pumping guard
 * @param bindLease how long a consumed code waits for the identity service before it counts again
 */
public record OtpPolicy(
    Duration codeTtl,
    Duration retention,
    int maxChecks,
    int maxSends,
    Duration resendInterval,
    SharedCeiling failedChecks,
    SharedCeiling verificationsPerPhone,
    int maxVerificationsPerPlatform,
    Duration platformWindow,
    int prefixLength,
    SharedCeiling sendsPerPrefix,
    Duration bindLease) {

  public OtpPolicy {
    requirePositive("codeTtl", codeTtl);
    requirePositive("retention", retention);
    requirePositive("resendInterval", resendInterval);
    requirePositive("platformWindow", platformWindow);
    requirePositive("bindLease", bindLease);
    if (failedChecks == null || verificationsPerPhone == null || sendsPerPrefix == null) {
      throw new IllegalArgumentException("every shared ceiling must be set");
    }
    if (maxChecks < 1 || maxSends < 1 || maxVerificationsPerPlatform < 1) {
      throw new IllegalArgumentException("every limit must be at least 1");
    }
    if (prefixLength < 2) {
      throw new IllegalArgumentException("prefixLength must be at least 2");
    }
  }

  /**
   * How long a verification can live in the store: each resend comes before the current code
   * expires and gives the new code a full {@code codeTtl}, then the retention follows.
   */
  public Duration longestLife() {
    return codeTtl.multipliedBy(maxSends).plus(retention);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
