package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AgeRuleTest {

  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final AgeRule AGES = new AgeRule(VIETNAM);
  static final LocalDate BORN = LocalDate.of(2010, 7, 15);

  static Instant vietnam(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(VIETNAM).toInstant();
  }

  @Test
  void aMinorTurnsSixteenAtMidnightInVietnamNotInUtc() {
    LocalDate eve = AGES.today(vietnam("2026-07-14T23:59:59"));
    LocalDate day = AGES.today(vietnam("2026-07-15T00:00:00"));

    assertThat(AGES.minor(BORN, eve)).isTrue();
    assertThat(AGES.minor(BORN, day)).isFalse();
    // 17:00 UTC on the 14th is already the 15th in Vietnam.
    assertThat(AGES.today(Instant.parse("2026-07-14T17:00:00Z"))).isEqualTo(day);
  }

  @Test
  void onlyTheYearOfTheSixteenthBirthdayIsKeptAndOnlyForMinors() {
    assertThat(AGES.turns16In(BORN, LocalDate.of(2020, 1, 1))).hasValue(2026);
    assertThat(AGES.turns16In(BORN, LocalDate.of(2026, 7, 15))).isEmpty();
    assertThat(AGES.turns16In(LocalDate.of(1980, 1, 1), LocalDate.of(2026, 1, 1))).isEmpty();
  }

  @Test
  void standingOpensTheBirthDateOnlyInTheYearOfTheBirthday() {
    AtomicInteger decryptions = new AtomicInteger();
    Supplier<LocalDate> birthDate = () -> {
      decryptions.incrementAndGet();
      return BORN;
    };

    AgeStanding years = AGES.standing(OptionalInt.of(2026), birthDate, vietnam("2023-03-01T12:00:00"));
    AgeStanding adult = AGES.standing(OptionalInt.empty(), birthDate, vietnam("2023-03-01T12:00:00"));
    AgeStanding later = AGES.standing(OptionalInt.of(2026), birthDate, vietnam("2027-01-01T00:00:00"));
    int withoutDecryption = decryptions.get();
    AgeStanding sameYear = AGES.standing(OptionalInt.of(2026), birthDate, vietnam("2026-01-01T00:00:00"));
    AgeStanding birthday = AGES.standing(OptionalInt.of(2026), birthDate, vietnam("2026-07-15T00:00:00"));

    assertThat(withoutDecryption).isZero();
    assertThat(years).isEqualTo(new AgeStanding(AgeBand.MINOR, Optional.of(vietnam("2026-01-01T00:00:00"))));
    assertThat(adult).isEqualTo(AgeStanding.ADULT);
    assertThat(later).isEqualTo(AgeStanding.ADULT);
    // In the year of the birthday the answer holds only at its own instant: held any longer, its end
    // would be the birthday.
    assertThat(sameYear).isEqualTo(new AgeStanding(AgeBand.MINOR, Optional.of(vietnam("2026-01-01T00:00:00"))));
    assertThat(AGES.standing(OptionalInt.of(2026), birthDate, vietnam("2026-07-14T23:59:59")))
        .isEqualTo(new AgeStanding(AgeBand.MINOR, Optional.of(vietnam("2026-07-14T23:59:59"))));
    assertThat(birthday).isEqualTo(AgeStanding.ADULT);
  }

  @Test
  void accountStandingPrefersThePersonThenThePhoneThenAnyEndedBinding() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    AccountStanding real = AccountStanding.realName(at, "AbCdEfGhIjKlMnOpQrStUv", AgeStanding.ADULT);

    assertThat(AccountStanding.of(Optional.of(real), new PhoneStanding.Revoked(at), true)).isEqualTo(real);
    assertThat(AccountStanding.of(Optional.empty(), new PhoneStanding.Active(at), true))
        .isEqualTo(AccountStanding.phone(at));
    assertThat(AccountStanding.of(Optional.empty(), new PhoneStanding.Revoked(at), false))
        .isEqualTo(AccountStanding.REVOKED);
    assertThat(AccountStanding.of(Optional.empty(), new PhoneStanding.Unbound(), true))
        .isEqualTo(AccountStanding.REVOKED);
    assertThat(AccountStanding.of(Optional.empty(), new PhoneStanding.Unbound(), false))
        .isEqualTo(AccountStanding.UNKNOWN);
    assertThat(real.holdsAt(at.plusSeconds(1_000_000_000))).isTrue();
  }
}
