package org.idnet.identity.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.register.SyntheticPopulation.Citizen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticPopulationTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 4);
  private static final CitizenId ID = CitizenId.parse("079301234567");

  private final SyntheticPopulation population = new SyntheticPopulation();

  @Test
  void citizenWhenSameIdThenSameCitizenAcrossInstances() {
    Citizen first = population.citizen(ID);
    Citizen again = new SyntheticPopulation().citizen(CitizenId.parse("079301234567"));

    assertThat(again).isEqualTo(first);
    assertThat(again.fullName().value()).isEqualTo(first.fullName().value());
    assertThat(population.citizen(CitizenId.parse("079301234568"))).isNotEqualTo(first);
  }

  @Test
  void nameWordsWhenSampledNamesThenEveryNameIsFamilyMiddleGivenFromThem() {
    // The log scan (log-check) finds names by these words: a name made of another word would pass it.
    SyntheticPopulation.NameWords words = SyntheticPopulation.nameWords();
    for (boolean minor : List.of(false, true)) {
      for (Citizen citizen : population.sample(500, minor, TODAY)) {
        String[] parts = citizen.fullName().value().split(" ");
        assertThat(parts).hasSize(3);
        assertThat(words.family()).contains(parts[0]);
        assertThat(words.middle()).contains(parts[1]);
        assertThat(words.given()).contains(parts[2]);
      }
    }
  }

  @Test
  void citizenIsPinnedSoSandboxDataSurvivesUpgrades() {
    // The sandbox keeps registrations across restarts and releases: the derivation must not drift.
    Citizen citizen = population.citizen(ID);

    assertThat(citizen.fullName().value()).isEqualTo("Nguyễn Thị Hạnh");
    assertThat(citizen.dateOfBirth()).isEqualTo(LocalDate.of(2001, 3, 31));
    assertThat(population.sample(1, false, TODAY).get(0).nationalId().value()).isEqualTo("094181467331");
  }

  @Test
  void everyWellFormedIdHasOneCitizenConsistentWithIt() {
    Random random = new Random(42);
    Map<String, Integer> families = new HashMap<>();
    int samples = 0;
    for (String province : CitizenId.provinceCodes()) {
      for (int century = 0; century <= 9; century++) {
        for (int i = 0; i < 5; i++, samples++) {
          CitizenId id = CitizenId.parse(province + century + "%02d".formatted(random.nextInt(100))
              + "%06d".formatted(random.nextInt(1_000_000)));

          Citizen citizen = population.citizen(id);

          assertThat(citizen.nationalId()).isEqualTo(id);
          assertThat(id.consistentWith(citizen.dateOfBirth())).as("birth year of %s", id).isTrue();
          assertThat(population.confirms(id, citizen.fullName(), citizen.dateOfBirth())).isTrue();
          String name = citizen.fullName().value();
          assertThat(PersonName.normalize(name).value()).isEqualTo(name);
          assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
          assertThat(name.split(" ")).hasSize(3);
          // Middle names follow the sex the id encodes.
          assertThat(name).doesNotContain(id.female() ? " Văn " : " Thị ");
          families.merge(name.substring(0, name.indexOf(' ')), 1, Integer::sum);
        }
      }
    }
    assertThat(families.keySet()).contains("Nguyễn", "Trần", "Lê", "Phạm")
        .isSubsetOf("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý");
    assertThat(families.get("Nguyễn")).as("Nguyễn share").isBetween(samples * 30 / 100, samples * 46 / 100);
  }

  @Test
  void confirmsExactlyItsOwnTripleAndRefusesEachSingleFieldChange() {
    Citizen citizen = population.citizen(ID);
    PersonName name = citizen.fullName();
    LocalDate born = citizen.dateOfBirth();
    CitizenId neighbour = CitizenId.parse("079301234568");
    PersonName otherName = population.citizen(neighbour).fullName().equals(name)
        ? PersonName.normalize("Someone Else") : population.citizen(neighbour).fullName();

    assertThat(population.confirms(ID, name, born)).isTrue();
    assertThat(population.confirms(neighbour, name, born)).as("other id").isFalse();
    assertThat(population.confirms(ID, otherName, born)).as("other name").isFalse();
    assertThat(population.confirms(ID, PersonName.normalize(name.value() + " An"), born)).as("longer name").isFalse();
    assertThat(population.confirms(ID, name, born.plusDays(1))).as("next day").isFalse();
    assertThat(population.confirms(ID, name, born.minusYears(1))).as("other year").isFalse();
  }

  @Test
  void confirmsWhenNameDiffersOnlyInCaseOrCompositionThenTrue() {
    Citizen citizen = population.citizen(ID);
    String value = citizen.fullName().value();

    assertThat(population.confirms(ID, PersonName.normalize(value.toUpperCase()), citizen.dateOfBirth())).isTrue();
    assertThat(population.confirms(ID, PersonName.normalize(
        "  " + Normalizer.normalize(value.toLowerCase(), Normalizer.Form.NFD).replace(" ", "\u00A0 ") + "\t"),
        citizen.dateOfBirth())).isTrue();
  }

  @Test
  void sampleOfAdultsAreDistinctAdultsThatTheRegisterConfirms() {
    List<Citizen> adults = population.sample(100, false, TODAY);

    assertThat(adults).hasSize(100).doesNotHaveDuplicates();
    assertThat(adults.stream().map(Citizen::nationalId).distinct()).hasSize(100);
    assertThat(adults).allSatisfy(c -> {
      assertThat(Period.between(c.dateOfBirth(), TODAY).getYears()).isBetween(18, 70);
      assertThat(CitizenId.parse(c.nationalId().value())).isEqualTo(c.nationalId());
      assertThat(new SyntheticPopulation().confirms(c.nationalId(), c.fullName(), c.dateOfBirth())).isTrue();
    });
    assertThat(adults.stream().filter(c -> c.nationalId().female()).count()).isBetween(25L, 75L);
  }

  @Test
  void sampleOfMinorsAreTenToFifteenAndConfirmed() {
    List<Citizen> minors = population.sample(100, true, TODAY);

    assertThat(minors).hasSize(100).doesNotHaveDuplicates();
    assertThat(minors).allSatisfy(c -> {
      assertThat(Period.between(c.dateOfBirth(), TODAY).getYears()).isBetween(10, 15);
      assertThat(population.confirms(c.nationalId(), c.fullName(), c.dateOfBirth())).isTrue();
    });
    assertThat(minors).noneMatch(population.sample(100, false, TODAY)::contains);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-12-31", "2026-01-01", "2028-02-29", "2030-06-15"})
  void sampleAgesHoldOnEveryDayWithADayOfMargin(String day) {
    LocalDate today = LocalDate.parse(day);
    for (LocalDate at : List.of(today.minusDays(1), today, today.plusDays(1))) {
      assertThat(population.sample(60, true, today)).allSatisfy(
          c -> assertThat(Period.between(c.dateOfBirth(), at).getYears()).isBetween(10, 15));
      assertThat(population.sample(60, false, today)).allSatisfy(
          c -> assertThat(Period.between(c.dateOfBirth(), at).getYears()).isBetween(18, 70));
    }
  }

  @Test
  void sampleIsDeterministicAndGrowsAsAPrefix() {
    List<Citizen> three = population.sample(3, false, TODAY);

    assertThat(new SyntheticPopulation().sample(3, false, TODAY)).isEqualTo(three);
    assertThat(population.sample(10, false, TODAY).subList(0, 3)).isEqualTo(three);
    assertThat(population.sample(0, false, TODAY)).isEmpty();
    assertThatThrownBy(() -> population.sample(-1, false, TODAY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void citizenPrintsNothingPersonal() {
    Citizen citizen = population.citizen(ID);

    assertThat(citizen.toString()).doesNotContain(ID.value()).doesNotContain(citizen.fullName().value())
        .doesNotContain(citizen.dateOfBirth().toString()).doesNotContain(citizen.fullName().value().split(" ")[2]);
  }
}
