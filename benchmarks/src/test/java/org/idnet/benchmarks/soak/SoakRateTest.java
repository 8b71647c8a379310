package org.idnet.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakRateTest {

  private static final String RESULTS = """
      {"measurements": [
        {"phase": "B_http", "round": 1, "result": {"operations": 600000, "errors": 0, "seconds": 10.0}},
        {"phase": "P1", "round": 1, "result": {"operations": 39700, "errors": 0, "seconds": 10.0}},
        {"phase": "P1@half", "round": 1, "result": {"operations": 19800, "errors": 0, "seconds": 10.0}},
        {"phase": "P1", "round": 2, "result": {"operations": 26700, "errors": 0, "seconds": 10.0}},
        {"phase": "P1", "round": 3, "result": {"operations": 37400, "errors": 0, "seconds": 10.0}},
        {"phase": "P1", "round": 4, "result": {"operations": 99999, "errors": 12, "seconds": 10.0}}
      ]}""";

  @Test
  void whenResultsThenHalfOfTheMedianP1OfCleanRounds(@TempDir Path dir) throws Exception {
    Path results = Files.writeString(dir.resolve("results.json"), RESULTS);
    SoakRate rate = SoakRate.resolve(Map.of(), results);
    // P1 rounds 3,970 / 2,670 / 3,740 (the round with errors is no figure): median 3,740, half 1,870
    assertThat(rate.perSecond()).isEqualTo(1870);
    assertThat(rate.source()).contains("half of P1", "3740");
  }

  @Test
  void theKnobWins(@TempDir Path dir) throws Exception {
    Path results = Files.writeString(dir.resolve("results.json"), RESULTS);
    assertThat(SoakRate.resolve(Map.of("IDNET_SOAK_RATE", "500"), results).perSecond()).isEqualTo(500);
  }

  @Test
  void whenNoResultsThenHalfOfTheDocumentedP1(@TempDir Path dir) {
    SoakRate rate = SoakRate.resolve(Map.of(), dir.resolve("missing.json"));
    assertThat(rate.perSecond()).isEqualTo(SoakRate.DEFAULT_P1 / 2);
    assertThat(rate.source()).contains("BENCHMARKS.md");
  }

  @Test
  void whenResultsHoldNoP1ThenTheDefault(@TempDir Path dir) throws Exception {
    Path results = Files.writeString(dir.resolve("results.json"), "{\"measurements\": []}");
    assertThat(SoakRate.resolve(Map.of(), results).perSecond()).isEqualTo(SoakRate.DEFAULT_P1 / 2);
  }

  @Test
  void aBadKnobIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> SoakRate.resolve(Map.of("IDNET_SOAK_RATE", "fast"), dir.resolve("x")))
        .hasMessageContaining("IDNET_SOAK_RATE must be a whole number");
  }
}
