package org.idnet.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The two limits on asking the population register. Per citizen id: at most
 * {@code maxFailuresPerDay} failed confirmations a civil day, whichever platforms sent them, so the
 * birth date of someone whose name and id are known cannot be found by trying dates. Per platform:
 * an allowance of register calls kept in this process, which holds while Redis (and with it the
 * gateway's limits) is down.
 */
public final class RealNameAttempts {

  /** How long a caller refused for attempts in flight waits: about one register call. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  private final FailedConfirmations failures;
  private final int maxFailuresPerDay;
  private final RateLimit perPlatform;
  private final AgeRule calendar;

  /** @param calendar whose zone says when a day starts (the service's zone) */
  public RealNameAttempts(FailedConfirmations failures, int maxFailuresPerDay, RateLimit perPlatform,
      AgeRule calendar) {
    this.failures = Objects.requireNonNull(failures, "failures");
    if (maxFailuresPerDay < 1) {
      throw new IllegalArgumentException("the failed confirmations per citizen id and day must be at least 1");
    }
    this.maxFailuresPerDay = maxFailuresPerDay;
    this.perPlatform = Objects.requireNonNull(perPlatform, "perPlatform");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /**
   * Admits one register call, or refuses it before the register is asked.
   *
   * @throws IdentityException RATE_LIMITED (the platform's allowance is spent),
   *     TOO_MANY_FAILED_CONFIRMATIONS (the citizen id's day is spent), CONFIRMATION_IN_PROGRESS
   *     (the day's failures and the attempts in flight for the id reach the limit), STORE_UNAVAILABLE
   */
  public Reservation reserve(String platformId, CitizenId citizenId, Instant now) {
    Optional<Duration> wait = perPlatform.tryAcquire(platformId);
    if (wait.isPresent()) {
      throw IdentityException.limited(FailureReason.RATE_LIMITED,
          "too many real-name registrations from this platform; retry after the time given", wait.get());
    }
    LocalDate day = calendar.today(now);
    return switch (failures.reserve(citizenId, day, maxFailuresPerDay)) {
      case RESERVED -> new Reservation(citizenId, day);
      case DAY_SPENT -> throw IdentityException.limited(FailureReason.TOO_MANY_FAILED_CONFIRMATIONS,
          "too many failed confirmations for this national id today; retry tomorrow",
          Duration.between(now, day.plusDays(1).atStartOfDay(calendar.zone()).toInstant()));
      case OTHERS_IN_FLIGHT -> throw IdentityException.limited(FailureReason.CONFIRMATION_IN_PROGRESS,
          "other registrations of this national id are being confirmed right now; retry in a moment",
          IN_FLIGHT_WAIT);
    };
  }

  /** One admitted register call, in flight until settled: {@link #fail()} or {@link #giveBack()}. */
  public final class Reservation {
    private final CitizenId citizenId;
    private final LocalDate day;

    private Reservation(CitizenId citizenId, LocalDate day) {
      this.citizenId = citizenId;
      this.day = day;
    }

    /** The register did not confirm the details: one of the citizen id's failures of the day. */
    public void fail() {
      failures.fail(citizenId, day);
    }

    /** The attempt did not fail: confirmed, or the register could not answer. */
    public void giveBack() {
      failures.giveBack(citizenId, day);
    }
  }
}
