package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsSettingsTest {

  @Test
  void sizeWhenWrittenWithAUnitThenCounted() {
    assertThat(RecordsSettings.size("100k")).isEqualTo(100_000);
    assertThat(RecordsSettings.size("1m")).isEqualTo(1_000_000);
    assertThat(RecordsSettings.size("10M")).isEqualTo(10_000_000);
    assertThat(RecordsSettings.size("2,500,000")).isEqualTo(2_500_000);
  }

  @Test
  void sizeWhenNotACountOrBeyondTheSetThenRefused() {
    for (String bad : new String[] {"", "ten", "0", "-5", "61m", "1g", "99999999999999999999"}) {
      assertThatThrownBy(() -> RecordsSettings.size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void settingsWhenDefaultThenOneMillionInTheKeptDataFolder() {
    RecordsSettings s = RecordsSettings.of(Path.of("/repo"), null, Map.of());

    assertThat(s.total()).isEqualTo(1_000_000);
    assertThat(s.data()).isEqualTo(Path.of("/repo/benchmarks/target/records-data"));
    assertThat(s.batchSize()).isEqualTo(10_000);
    assertThat(s.checks()).isEqualTo(2000);
    assertThat(s.lookups()).isEqualTo(100);
    assertThat(s.lookupSize()).isEqualTo(100);
  }

  @Test
  void settingsWhenTooFewRecordsForDistinctIdsThenRefused() {
    assertThatThrownBy(() -> RecordsSettings.of(Path.of("/repo"), "10k", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few records");
    assertThatThrownBy(() -> RecordsSettings.of(Path.of("/repo"), "1m", Map.of("IDNET_RECORDS_LOOKUP_SIZE", "501")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecordsSettings.of(Path.of("/repo"), "1m", Map.of("IDNET_RECORDS_SEED", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDNET_RECORDS_SEED");
  }
}
