package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.store.RealNameRows;
import org.idnet.identity.store.SyntheticPopulation;
import org.junit.jupiter.api.Test;

class RecordSetTest {

  private final RecordSet set = new RecordSet(7, "platform-a", "rn-");

  @Test
  void recordWhenMadeTwiceThenTheSame() {
    RecordSet again = new RecordSet(7, "platform-a", "rn-");
    for (long i : new long[] {0, 1, 999_999, 1_000_000, 9_999_999}) {
      assertThat(again.registration(i)).isEqualTo(set.registration(i));
      assertThat(again.rowIds(i)).isEqualTo(set.rowIds(i));
    }
  }

  @Test
  void rowIdsWhenSeedDiffersThenDiffer() {
    assertThat(new RecordSet(8, "platform-a", "rn-").rowIds(5)).isNotEqualTo(set.rowIds(5));
  }

  @Test
  void recordsWhenManyThenAccountsCitizensPhonesAndRowIdsAreDistinct() {
    Set<String> accounts = new HashSet<>();
    Set<String> citizens = new HashSet<>();
    Set<String> phones = new HashSet<>();
    Set<UUID> rows = new HashSet<>();
    // Across serial blocks too: 1,000,000 apart share a scrambled serial but not a province.
    for (long i = 0; i < 3_000_000; i += 997) {
      accounts.add(set.accountId(i));
      citizens.add(set.citizenId(i).value());
      citizens.add(set.citizenId(i + 1_000_000 < RecordSet.CAPACITY ? i + 1_000_000 : i).value());
      phones.add(set.phone(i));
      RealNameRows.RowIds ids = set.rowIds(i);
      rows.addAll(java.util.List.of(ids.account(), ids.person(), ids.personBinding(), ids.phoneBinding()));
    }
    int n = (3_000_000 + 996) / 997;
    assertThat(accounts).hasSize(n);
    assertThat(phones).hasSize(n);
    assertThat(rows).hasSize(4 * n);
    assertThat(citizens).hasSize(2 * n);
  }

  @Test
  void citizenWhenMadeThenWellFormedAdultTheSandboxRegisterConfirms() {
    SyntheticPopulation register = new SyntheticPopulation();
    for (long i : new long[] {0, 12_345, 59_999_999}) {
      var identity = set.identity(i);
      assertThat(CitizenId.parse(identity.citizenId().value())).isEqualTo(identity.citizenId());
      assertThat(register.confirms(identity.citizenId(), identity.fullName(), identity.dateOfBirth())).isTrue();
      assertThat(Period.between(identity.dateOfBirth(), LocalDate.of(2026, 1, 1)).getYears()).isGreaterThanOrEqualTo(18);
    }
  }

  @Test
  void accountAndPhoneWhenMadeThenInTheApisFormats() {
    assertThat(set.accountId(42)).isEqualTo("rn-00000042");
    assertThat(set.phone(0)).isEqualTo("+84930000000");
    assertThat(set.phone(RecordSet.CAPACITY - 1)).isEqualTo("+84989999999");
    assertThat(set.registration(3).account().platformId()).isEqualTo("platform-a");
    assertThat(set.registration(3).at()).isBetween(java.time.Instant.parse("2025-01-01T00:00:00Z"),
        java.time.Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void indexWhenOutsideTheSetThenRefused() {
    assertThatThrownBy(() -> set.accountId(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set.phone(RecordSet.CAPACITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RecordSet(1, "platform-a", "bad prefix")).isInstanceOf(IllegalArgumentException.class);
  }
}
