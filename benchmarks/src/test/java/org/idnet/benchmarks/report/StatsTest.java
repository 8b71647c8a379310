package org.idnet.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianWhenOddCountThenMiddleValue() {
    assertThat(Stats.median(3.0, 1.0, 100.0)).isEqualTo(3.0);
  }

  @Test
  void medianWhenEvenCountThenMeanOfTheMiddleTwo() {
    assertThat(Stats.median(4.0, 1.0, 2.0, 100.0)).isEqualTo(3.0);
  }

  @Test
  void medianWhenNoNumbersThenNaN() {
    assertThat(Stats.median(List.of())).isNaN();
    assertThat(Stats.median(Double.NaN)).isNaN();
  }

  @Test
  void medianIgnoresWhatIsNotANumber() {
    assertThat(Stats.median(Double.NaN, 5.0, 7.0, Double.NaN, 6.0)).isEqualTo(6.0);
  }
}
