package org.idnet.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void atLeastWhenClearedThenMet() {
    assertThat(Target.atLeast(0.15, "").verdict(0.2)).isEqualTo("met");
    assertThat(Target.atLeast(0.15, "").verdict(0.15)).isEqualTo("met");
  }

  @Test
  void atLeastWhenShortThenSaysByHowMuchAndWhatFactorIsNeeded() {
    assertThat(Target.atLeast(0.5, "").verdict(0.25)).isEqualTo("missed by 50% (0.250, bar 0.500: 2.0× needed)");
  }

  @Test
  void atMostWhenOverThenSaysByHowMuch() {
    assertThat(Target.atMost(10, " ms").verdict(15)).isEqualTo("missed by 50% (15.0 ms, bar 10.0 ms)");
    assertThat(Target.atMost(10, " ms").verdict(9.9)).isEqualTo("met");
  }

  @Test
  void verdictWhenNotMeasuredThenSaysSo() {
    assertThat(Target.atLeast(100_000, " checks/s").verdict(Double.NaN)).isEqualTo("not measured");
  }

  @Test
  void numbersAreRoundedToThreeSignificantFigures() {
    assertThat(Report.number(78_012)).isEqualTo("78,000");
    assertThat(Report.number(533.4)).isEqualTo("533");
    assertThat(Report.number(12.34)).isEqualTo("12.3");
    assertThat(Report.number(0.0071)).isEqualTo("0.007");
  }
}
