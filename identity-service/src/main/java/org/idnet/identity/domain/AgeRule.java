package org.idnet.identity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Ages as the law counts them: a person is a minor until the start of their 16th birthday on the
 * civil calendar of the jurisdiction ({@code Asia/Ho_Chi_Minh} by default), whatever zone the
 * servers run in.
 *
 * <p>The hot path must tell MINOR from ADULT without decrypting birth dates, yet the birth date may
 * not be stored in plain. So the store keeps, for people who were minors when registered, only the
 * year they turn 16 ({@link #turns16In}); the encrypted birth date is opened only during that year,
 * and every answer says until when it holds ({@link AgeStanding#until()}), which bounds caching.
 *
 * <p>That bound is never finer than the year: a cached answer, its review time or its expiry would
 * otherwise give the birthday away (an answer held "until the 16th birthday" is the birth date).
 * Before the year of the 16th birthday a minor's answer holds until its New Year; during that year
 * it holds only at the instant it was computed, so it is recomputed from the encrypted birth date
 * at every read and kept nowhere - about one minor in sixteen, at the cost of one indexed query and
 * one AES-GCM decryption per read.
 */
public final class AgeRule {

  public static final int ADULT_AGE = 16;

  private final ZoneId zone;

  public AgeRule(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  public ZoneId zone() {
    return zone;
  }

  /** The civil date in the jurisdiction at {@code now}. */
  public LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, zone);
  }

  /** The first day on which someone born on {@code dateOfBirth} counts as 16. */
  public LocalDate adultOn(LocalDate dateOfBirth) {
    return dateOfBirth.plusYears(ADULT_AGE);
  }

  public boolean minor(LocalDate dateOfBirth, LocalDate today) {
    return today.isBefore(adultOn(dateOfBirth));
  }

  /** For a minor, the year of the 16th birthday: all the store keeps in plain about an age. */
  public OptionalInt turns16In(LocalDate dateOfBirth, LocalDate today) {
    return minor(dateOfBirth, today) ? OptionalInt.of(adultOn(dateOfBirth).getYear()) : OptionalInt.empty();
  }

  /**
   * The age band of a registered person at {@code now}.
   *
   * @param turns16In what the store kept: empty for someone registered as an adult
   * @param birthDate decrypts the birth date; called only in the year of the 16th birthday
   */
  public AgeStanding standing(OptionalInt turns16In, Supplier<LocalDate> birthDate, Instant now) {
    if (turns16In.isEmpty()) {
      return AgeStanding.ADULT;
    }
    int year = today(now).getYear();
    int boundaryYear = turns16In.getAsInt();
    if (year > boundaryYear) {
      return AgeStanding.ADULT;
    }
    if (year < boundaryYear) {
      // MINOR at least until New Year of that year; re-examined then, with the exact date.
      return new AgeStanding(AgeBand.MINOR, Optional.of(startOf(LocalDate.of(boundaryYear, 1, 1))));
    }
    return today(now).isBefore(adultOn(birthDate.get()))
        ? new AgeStanding(AgeBand.MINOR, Optional.of(now))
        : AgeStanding.ADULT;
  }

  private Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }
}
