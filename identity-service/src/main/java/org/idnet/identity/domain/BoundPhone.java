package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.idnet.phone.PhoneNumber;

/**
 * The number of an account's active binding, decrypted, with where its proof comes from: only for
 * lawful disclosure. Personal data, so {@link #toString()} shows none of it.
 *
 * @param platformVerifiedAt when the platform said it verified the number: present exactly for
 *     {@link PhoneSource#IMPORTED}
 */
public record BoundPhone(PhoneNumber number, PhoneSource source, Optional<Instant> platformVerifiedAt) {

  public BoundPhone {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(platformVerifiedAt, "platformVerifiedAt");
    if (platformVerifiedAt.isPresent() != (source == PhoneSource.IMPORTED)) {
      throw new IllegalArgumentException("the platform's verification date goes with an imported binding, and only with one");
    }
  }

  /** Proved by an OTP through idnet. */
  public static BoundPhone otp(PhoneNumber number) {
    return new BoundPhone(number, PhoneSource.OTP, Optional.empty());
  }

  /** Imported by the platform, which verified the number at {@code platformVerifiedAt}. */
  public static BoundPhone imported(PhoneNumber number, Instant platformVerifiedAt) {
    return new BoundPhone(number, PhoneSource.IMPORTED, Optional.of(platformVerifiedAt));
  }

  @Override
  public String toString() {
    return "BoundPhone[" + source + ", number redacted]";
  }
}
