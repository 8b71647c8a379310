package org.idnet.identity.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.domain.VerificationStatus;

/**
 * A standing as a short string for the cache, e.g. {@code 2VRA|1767225845123456||Xk3...} - version,
 * status, level and age band as one letter each, then verifiedAt (epoch microseconds), reviewAt
 * (epoch milliseconds) and the subject id, each possibly empty. Capabilities are not stored: they
 * follow from the policy when answering, so a policy change needs no cache flush. No personal data:
 * a cached reviewAt is always a New Year ({@link org.idnet.identity.domain.AgeRule}), never a birthday.
 * Version 2 is the same layout as 1, but always inside a sealed value ({@link SealedEntries}); a
 * value of version 1 was written unsealed, by a version before sealing (or by anyone), and is a miss.
 */
final class StandingCodec {

  private static final char VERSION = '2';

  private StandingCodec() {
  }

  static String encode(AccountStanding s) {
    StringBuilder out = new StringBuilder(48).append(VERSION)
        .append(s.status().name().charAt(0))
        .append(s.level().name().charAt(0))
        .append(s.ageBand().name().charAt(0))
        .append('|');
    s.verifiedAt().ifPresent(at -> out.append(ChronoUnit.MICROS.between(Instant.EPOCH, at)));
    out.append('|');
    s.reviewAt().ifPresent(at -> out.append(at.toEpochMilli()));
    out.append('|');
    s.subjectId().ifPresent(out::append);
    return out.toString();
  }

  /** Whether {@code value} claims to be of the version this code writes (a sealed value's payload first). */
  static boolean currentVersion(String value) {
    return !value.isEmpty() && value.charAt(0) == VERSION;
  }

  /** Empty for anything this version did not write: the caller reads the store instead. */
  static Optional<AccountStanding> decode(String value) {
    try {
      if (value == null || value.length() < 7 || value.charAt(0) != VERSION || value.charAt(4) != '|') {
        return Optional.empty();
      }
      String[] parts = value.substring(5).split("\\|", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      return Optional.of(new AccountStanding(status(value.charAt(1)), level(value.charAt(2)), band(value.charAt(3)),
          parts[2].isEmpty() ? Optional.empty() : Optional.of(parts[2]),
          parts[0].isEmpty() ? Optional.empty() : Optional.of(Instant.EPOCH.plus(Long.parseLong(parts[0]),
              ChronoUnit.MICROS)),
          parts[1].isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1])))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static VerificationStatus status(char c) {
    return switch (c) {
      case 'V' -> VerificationStatus.VERIFIED;
      case 'U' -> VerificationStatus.UNVERIFIED;
      case 'R' -> VerificationStatus.REVOKED;
      default -> throw new IllegalArgumentException("status");
    };
  }

  private static VerificationLevel level(char c) {
    return switch (c) {
      case 'N' -> VerificationLevel.NONE;
      case 'P' -> VerificationLevel.PHONE;
      case 'R' -> VerificationLevel.REAL_NAME;
      default -> throw new IllegalArgumentException("level");
    };
  }

  private static AgeBand band(char c) {
    return switch (c) {
      case 'A' -> AgeBand.ADULT;
      case 'M' -> AgeBand.MINOR;
      case 'U' -> AgeBand.UNKNOWN;
      default -> throw new IllegalArgumentException("age band");
    };
  }
}
