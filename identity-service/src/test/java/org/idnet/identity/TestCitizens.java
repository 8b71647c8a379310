package org.idnet.identity;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.register.SyntheticPopulation;

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

  /** Every way a birth date is commonly written, for "the dump holds none of these" checks. */
  public static List<String> dateForms(LocalDate date) {
    return List.of("yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "yyyyMMdd", "ddMMyyyy", "dd-MM-yyyy", "dd.MM.yyyy",
            "MM/dd/yyyy")
        .stream().map(p -> date.format(DateTimeFormatter.ofPattern(p, Locale.ROOT))).toList();
  }
}
