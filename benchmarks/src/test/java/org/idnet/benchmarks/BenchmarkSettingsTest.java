package org.idnet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkSettingsTest {

  private static final Map<String, String> JVM = Map.of("IDNET_SERVICE_JVM_OPTS", "-Xmx512m");

  @Test
  void p1ToP3AskForAMillionAccountsInAZipfSpreadUnlessToldToCycleTheSeededOnes() {
    BenchmarkSettings defaults = BenchmarkSettings.fromEnvironment(Path.of("."), JVM);
    assertThat(defaults.records()).isEqualTo(1_000_000);
    assertThat(defaults.zipfExponent()).isEqualTo(1.0);
    assertThat(BenchmarkSettings.fromEnvironment(Path.of("."), Map.of("IDNET_SERVICE_JVM_OPTS", "-Xmx512m",
        "IDNET_BENCH_RECORDS", "0")).records()).isZero();
    assertThat(BenchmarkSettings.records("250k")).isEqualTo(250_000);
    assertThat(BenchmarkSettings.exponent("0.8")).isEqualTo(0.8);
  }

  @Test
  void aBadSpreadIsRefusedNamingTheKnob() {
    assertThatThrownBy(() -> BenchmarkSettings.records("lots")).hasMessageContaining("IDNET_BENCH_RECORDS");
    assertThatThrownBy(() -> BenchmarkSettings.exponent("-1")).hasMessageContaining("IDNET_BENCH_ZIPF_EXPONENT");
    assertThatThrownBy(() -> BenchmarkSettings.exponent("x")).hasMessageContaining("IDNET_BENCH_ZIPF_EXPONENT");
  }
}
