package org.idnet.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idnet.benchmarks.soak.SoakVerdict.Outcome;
import org.idnet.benchmarks.soak.SoakVerdict.Sample;
import org.idnet.benchmarks.soak.SoakVerdict.Tolerance;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {

  private static final Tolerance FDS = Tolerance.FDS;
  private static final Tolerance HEAP = Tolerance.HEAP;

  @Test
  void noErrorsWhenNoneThenPass() {
    assertThat(SoakVerdict.noErrors(Map.of()).outcome()).isEqualTo(Outcome.PASS);
    assertThat(SoakVerdict.noErrors(Map.of("lookup: HTTP 429", 0L)).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void noErrorsWhenOneThenFail() {
    SoakVerdict.Rule rule = SoakVerdict.noErrors(Map.of("otp-check: HTTP 503 backend-unavailable", 1L));
    assertThat(rule.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(rule.detail()).contains("otp-check: HTTP 503");
  }

  @Test
  void flatWhenLastMinuteWithinOneAndAHalfTimesTheMedianOfMinutesTwoOnThenPass() {
    // Minute 1 (warm-up) is left out of the median: 80 ms there changes nothing.
    assertThat(SoakVerdict.flat("p99", List.of(80.0, 10.0, 12.0, 11.0, 14.9)).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void flatWhenLastMinuteAboveOneAndAHalfTimesThenFail() {
    // median of 10, 12, 11, 18 = 11.5; limit 17.25
    SoakVerdict.Rule rule = SoakVerdict.flat("p99", List.of(9.0, 10.0, 12.0, 11.0, 18.0));
    assertThat(rule.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(rule.detail()).contains("limit 17.25 ms");
  }

  @Test
  void flatWhenFastKindMovesByLessThanTheSlackThenPass() {
    // 1.5 x 1.0 ms would be 1.5 ms; within 2 ms of the median is noise on 2 shared cores.
    assertThat(SoakVerdict.flat("median", List.of(1.0, 1.0, 1.0, 1.0, 2.9)).outcome()).isEqualTo(Outcome.PASS);
    assertThat(SoakVerdict.flat("median", List.of(1.0, 1.0, 1.0, 1.0, 3.1)).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void flatWhenNothingAnsweredInTheLastMinuteThenFail() {
    assertThat(SoakVerdict.flat("p99", List.of(5.0, 5.0, 5.0, Double.NaN)).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void flatWhenFewerThanThreeMinutesThenNotJudged() {
    assertThat(SoakVerdict.flat("p99", List.of(5.0, 50.0)).outcome()).isEqualTo(Outcome.NOT_JUDGED);
  }

  @Test
  void judgedOnP99OnlyWhenEveryMinuteHoldsAHundredRequests() {
    assertThat(SoakVerdict.judgedOnP99(List.of(120L, 100L, 118L))).isTrue();
    assertThat(SoakVerdict.judgedOnP99(List.of(120L, 99L, 118L))).isFalse();
    assertThat(SoakVerdict.judgedOnP99(List.of())).isFalse();
  }

  /** A sample every 5 s from 0 to 600 s, of the value the function gives at that second. */
  private static List<Sample> series(java.util.function.LongToDoubleFunction value) {
    List<Sample> samples = new ArrayList<>();
    for (long s = 0; s <= 600; s += 5) {
      samples.add(new Sample(s * 1000, value.applyAsDouble(s)));
    }
    return samples;
  }

  @Test
  void noGrowthWhenSteadyWithNoiseThenPass() {
    List<Sample> fds = series(s -> 200 + (s % 15 == 0 ? 16 : 0));
    assertThat(SoakVerdict.noGrowth("fds", fds, 60_000, 600_000, FDS).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void noGrowthWhenRisingSteadilyThenFail() {
    // one descriptor leaked every 5 s: +60 over the 6 minutes between the thirds' middles
    SoakVerdict.Rule rule = SoakVerdict.noGrowth("fds", series(s -> 200 + s / 5), 60_000, 600_000, FDS);
    assertThat(rule.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(rule.detail()).contains("first third", "last third", "limit");
  }

  @Test
  void noGrowthIgnoresTheWarmUpMinute() {
    // high during minute 1 only (JIT, pools filling), then level: judged from minute 2 on
    List<Sample> heap = series(s -> s < 60 ? 40 : 90);
    assertThat(SoakVerdict.noGrowth("heap", heap, 60_000, 600_000, HEAP).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void noGrowthTakesTheLargerOfTheRelativeAndTheAbsoluteTolerance() {
    // first third 100, last third 109: 10 % allows 110
    List<Sample> relative = series(s -> s < 400 ? 100 : 109);
    assertThat(SoakVerdict.noGrowth("heap", relative, 60_000, 600_000, HEAP).outcome()).isEqualTo(Outcome.PASS);
    // first third 40, last third 47: 10 % is 4, the 8 MiB floor allows 48
    List<Sample> absolute = series(s -> s < 400 ? 40 : 47);
    assertThat(SoakVerdict.noGrowth("heap", absolute, 60_000, 600_000, HEAP).outcome()).isEqualTo(Outcome.PASS);
    List<Sample> over = series(s -> s < 400 ? 40 : 49);
    assertThat(SoakVerdict.noGrowth("heap", over, 60_000, 600_000, HEAP).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void noGrowthWhenAThirdHasNoSampleThenNotJudged() {
    List<Sample> one = List.of(new Sample(100_000, 50));
    assertThat(SoakVerdict.noGrowth("heap", one, 60_000, 600_000, HEAP).outcome()).isEqualTo(Outcome.NOT_JUDGED);
  }

  @Test
  void aRunPassesUnlessARuleFails() {
    SoakVerdict.Rule pass = new SoakVerdict.Rule("a", Outcome.PASS, "");
    SoakVerdict.Rule notJudged = new SoakVerdict.Rule("b", Outcome.NOT_JUDGED, "");
    SoakVerdict.Rule fail = new SoakVerdict.Rule("c", Outcome.FAIL, "");
    assertThat(SoakVerdict.passed(List.of(pass, notJudged))).isTrue();
    assertThat(SoakVerdict.passed(List.of(pass, notJudged, fail))).isFalse();
  }
}
