package org.idnet.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.store.SyntheticPopulation;

/**
 * People the sandbox register (the synthetic population) confirms, with fresh random citizen ids so
 * that tests sharing a database never meet each other's persons.
 */
public final class TestCitizens {

  public static final SyntheticPopulation POPULATION = new SyntheticPopulation();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCitizens() {
  }

  /** A citizen born on some day of {@code birthYear}. */
  public static SyntheticPopulation.Citizen bornIn(int birthYear) {
    List<String> provinces = CitizenId.provinceCodes();
    String id = provinces.get(RANDOM.nextInt(provinces.size())) + CitizenId.centuryDigit(birthYear, RANDOM.nextBoolean())
        + "%02d".formatted(birthYear % 100) + "%06d".formatted(RANDOM.nextInt(1_000_000));
    return POPULATION.citizen(CitizenId.parse(id));
  }

  /** A citizen born in {@code birthYear} on a day after {@code monthDay}'s (their birthday still ahead then). */
  public static SyntheticPopulation.Citizen bornLaterInYearThan(int birthYear, java.time.MonthDay monthDay) {
    while (true) {
      SyntheticPopulation.Citizen citizen = bornIn(birthYear);
      if (java.time.MonthDay.from(citizen.dateOfBirth()).isAfter(monthDay)) {
        return citizen;
      }
    }
  }

  /** A citizen born in {@code birthYear} whose birthday is not in the first or last days of the year. */
  public static SyntheticPopulation.Citizen bornMidYear(int birthYear) {
    while (true) {
      SyntheticPopulation.Citizen citizen = bornIn(birthYear);
      int day = citizen.dateOfBirth().getDayOfYear();
      if (day > 10 && day < 355) {
        return citizen;
      }
    }
  }

  public static RealNameForm form(String accountId, SyntheticPopulation.Citizen citizen) {
    return form(accountId, citizen, null);
  }

  public static RealNameForm form(String accountId, SyntheticPopulation.Citizen citizen, String guardian) {
    return new RealNameForm(accountId, citizen.fullName().value(), citizen.nationalId().value(),
        citizen.dateOfBirth().toString(), guardian);
  }

  /**
   * Every way a program might store the date: as text ({@link #dateForms}, ISO ordinal), as digits
   * (yyyyMMdd, ddMMyyyy, yyyyDDD) and as a number (epoch day; epoch seconds, milliseconds and
   * microseconds of its start in {@code zone} and in UTC). A day of the year alone (1-366) is not
   * searched for: any counter could be one.
   */
  public static List<String> dateEncodings(LocalDate date, ZoneId zone) {
    List<String> all = new ArrayList<>(dateForms(date));
    all.add(date.format(DateTimeFormatter.ISO_ORDINAL_DATE));
    all.add(date.format(DateTimeFormatter.ofPattern("yyyyDDD", Locale.ROOT)));
    all.add(Long.toString(date.toEpochDay()));
    for (ZoneId z : List.of(zone, ZoneOffset.UTC)) {
      Instant start = date.atStartOfDay(z).toInstant();
      all.add(Long.toString(start.getEpochSecond()));
      all.add(Long.toString(start.toEpochMilli()));
      all.add(Long.toString(start.toEpochMilli() * 1000));
    }
    return all;
  }

  /** Every way a birth date is commonly written, for "the dump holds none of these" checks. */
  public static List<String> dateForms(LocalDate date) {
    return List.of("yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "yyyyMMdd", "ddMMyyyy", "dd-MM-yyyy", "dd.MM.yyyy",
            "MM/dd/yyyy")
        .stream().map(p -> date.format(DateTimeFormatter.ofPattern(p, Locale.ROOT))).toList();
  }
}
