package org.idnet.otp.domain;

import java.time.Duration;

/**
 * A limit on something many platforms share (a phone number, a number prefix): at most
 * {@code total} in a window for all platforms together, and at most {@code perPlatform} of it for
 * any one platform. security.md caps that share at a fifth of the total, so no platform alone can
 * lock a number or a prefix out for the others.
 *
 * @param name the configuration name, for error messages
 */
public record SharedCeiling(String name, int total, int perPlatform, Duration window) {

  /** One platform may use at most 1/{@value} of a shared ceiling (security.md). */
  public static final int MAX_SHARE_DIVISOR = 5;

  public SharedCeiling {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException(name + ": the window must be a positive duration");
    }
    if (total < 1 || perPlatform < 1) {
      throw new IllegalArgumentException(name + ": every limit must be at least 1");
    }
    if ((long) perPlatform * MAX_SHARE_DIVISOR > total) {
      throw new IllegalArgumentException(name + ": one platform's share (" + perPlatform
          + ") may be at most a fifth of the total (" + total + ")");
    }
  }
}
