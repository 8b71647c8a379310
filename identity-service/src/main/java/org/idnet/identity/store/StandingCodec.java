package org.idnet.identity.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.PhoneSource;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.domain.VerificationStatus;

/**
 * A standing as a short string for the cache, e.g. {@code 3VRA|1767225845123456||Xk3...} - version,
 * status, level and age band as one letter each, then verifiedAt (epoch microseconds), reviewAt
 * (epoch milliseconds) and the subject id, each possibly empty. Capabilities are not stored: they
 * follow from the policy when answering, so a policy change needs no cache flush. No personal data:
 * a cached reviewAt is a New Year ({@link org.idnet.identity.domain.AgeRule}), never a birthday, or the
 * end of an imported phone binding (when the platform's verification runs out).
 * Version 2 is the same layout as 1, but always inside a sealed value ({@link SealedEntries}); a
 * value of version 1 was written unsealed, by a version before sealing (or by anyone), and is a miss.
 * Version 3 is version 2 with one more level letter: {@code I}, PHONE proved by a platform's import
 * ({@code P} is PHONE proved by an OTP). A value of version 2 is a miss: a replica of the release
 * before would have written an imported binding's PHONE as {@code P}.
 */
final class StandingCodec {

  private static final char VERSION = '3';

  private StandingCodec() {
  }

  static String encode(AccountStanding s) {
    StringBuilder out = new StringBuilder(48).append(VERSION)
        .append(s.status().name().charAt(0))
        .append(s.phoneSource().filter(source -> source == PhoneSource.IMPORTED).isPresent() ? 'I'
            : s.level().name().charAt(0))
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
      VerificationLevel level = level(value.charAt(2));
      Optional<PhoneSource> source = level != VerificationLevel.PHONE ? Optional.empty()
          : Optional.of(value.charAt(2) == 'I' ? PhoneSource.IMPORTED : PhoneSource.OTP);
      return Optional.of(new AccountStanding(status(value.charAt(1)), level, band(value.charAt(3)),
          parts[2].isEmpty() ? Optional.empty() : Optional.of(parts[2]),
          parts[0].isEmpty() ? Optional.empty() : Optional.of(Instant.EPOCH.plus(Long.parseLong(parts[0]),
              ChronoUnit.MICROS)),
          parts[1].isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1]))),
          source));
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
      case 'P', 'I' -> VerificationLevel.PHONE;
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
