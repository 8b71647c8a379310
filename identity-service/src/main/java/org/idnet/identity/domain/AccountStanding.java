package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an account stands, as far as a platform may learn it: no capabilities yet (they follow
 * from the configured policy when answering) and nothing personal, so it may be cached as it is.
 *
 * @param subjectId the pairwise subject id; only at REAL_NAME
 * @param verifiedAt when the account reached its level
 * @param reviewAt when this standing may change by itself: never finer than a year, or the instant
 *     it was read if it must be read again every time (a minor in the year of the 16th birthday), or
 *     the end of an imported phone binding; empty if never
 * @param phoneSource where the PHONE level's proof comes from; only at PHONE
 */
public record AccountStanding(VerificationStatus status, VerificationLevel level, AgeBand ageBand,
    Optional<String> subjectId, Optional<Instant> verifiedAt, Optional<Instant> reviewAt,
    Optional<PhoneSource> phoneSource) {

  /** The network has never seen the account: a normal answer, not "not found". */
  public static final AccountStanding UNKNOWN = new AccountStanding(VerificationStatus.UNVERIFIED,
      VerificationLevel.NONE, AgeBand.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty());

  /** Had bindings, every one has ended (revoked number, closed account). */
  public static final AccountStanding REVOKED = new AccountStanding(VerificationStatus.REVOKED,
      VerificationLevel.NONE, AgeBand.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty());

  public AccountStanding {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(ageBand, "ageBand");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    Objects.requireNonNull(reviewAt, "reviewAt");
    Objects.requireNonNull(phoneSource, "phoneSource");
    if (phoneSource.isPresent() != (level == VerificationLevel.PHONE)) {
      throw new IllegalArgumentException("a phone source is stated exactly at level PHONE");
    }
  }

  /** A standing whose level, if PHONE, was proved by an OTP through idnet. */
  public AccountStanding(VerificationStatus status, VerificationLevel level, AgeBand ageBand,
      Optional<String> subjectId, Optional<Instant> verifiedAt, Optional<Instant> reviewAt) {
    this(status, level, ageBand, subjectId, verifiedAt, reviewAt,
        level == VerificationLevel.PHONE ? Optional.of(PhoneSource.OTP) : Optional.empty());
  }

  /** Linked to a person: the highest level, whether or not a phone is bound too. */
  public static AccountStanding realName(Instant since, String subjectId, AgeStanding age) {
    return new AccountStanding(VerificationStatus.VERIFIED, VerificationLevel.REAL_NAME, age.band(),
        Optional.of(subjectId), Optional.of(since), age.until());
  }

  /** Only a phone binding is active, proved by an OTP through idnet. */
  public static AccountStanding phone(Instant since) {
    return phone(new PhoneStanding.Active(since));
  }

  /** Only a phone binding is active: read again when it ends by itself (an imported one). */
  public static AccountStanding phone(PhoneStanding.Active active) {
    return new AccountStanding(VerificationStatus.VERIFIED, VerificationLevel.PHONE, AgeBand.UNKNOWN,
        Optional.empty(), Optional.of(active.since()), active.endsAt(), Optional.of(active.source()));
  }

  /**
   * The rule of precedence: an active person link, else an active phone binding, else REVOKED if
   * anything was ever bound, else never seen.
   */
  public static AccountStanding of(Optional<AccountStanding> realName, PhoneStanding phone, boolean personLinkEnded) {
    if (realName.isPresent()) {
      return realName.get();
    }
    return switch (phone) {
      case PhoneStanding.Active active -> phone(active);
      case PhoneStanding.Revoked revoked -> REVOKED;
      case PhoneStanding.Unbound unbound -> personLinkEnded ? REVOKED : UNKNOWN;
    };
  }

  /** Whether the standing still holds at {@code now}, or must be read again. */
  public boolean holdsAt(Instant now) {
    return reviewAt.isEmpty() || now.isBefore(reviewAt.get());
  }
}
