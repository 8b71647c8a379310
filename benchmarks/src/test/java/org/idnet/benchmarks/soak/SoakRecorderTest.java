package org.idnet.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakRecorderTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void answersGoToTheMinuteTheyWereDueInAndTheWarmUpIsNotMeasured() {
    long begin = 1_000 * SECOND;
    SoakRecorder recorder = new SoakRecorder(begin, 2);
    recorder.answered("lookup", begin - SECOND, begin);               // warm-up
    recorder.answered("lookup", begin + 59 * SECOND, begin + 61 * SECOND); // due in minute 1
    recorder.answered("lookup", begin + 61 * SECOND, begin + 61 * SECOND + 5_000_000);
    recorder.answered("lookup", begin + 120 * SECOND, begin + 121 * SECOND); // after the run
    var minutes = recorder.minutes().get("lookup");
    assertThat(minutes).extracting(SoakRecorder.Minute::count).containsExactly(1L, 1L);
    assertThat(minutes.get(0).latency().p99()).isBetween(1990.0, 2010.0);
    assertThat(minutes.get(1).latency().p99()).isBetween(4.99, 5.01);
  }

  @Test
  void errorsOfTheWarmUpAreKeptApart() {
    long begin = 1_000 * SECOND;
    SoakRecorder recorder = new SoakRecorder(begin, 2);
    recorder.error("otp-send", "HTTP 503 backend-unavailable", begin - SECOND);
    recorder.error("otp-send", "HTTP 503 backend-unavailable", begin + SECOND);
    recorder.error("otp-send", "HTTP 503 backend-unavailable", begin + 2 * SECOND);
    recorder.errors("ERROR in gateway.log: RedisCommandTimeoutException", 1);
    assertThat(recorder.errors()).containsEntry("otp-send: HTTP 503 backend-unavailable", 2L)
        .containsEntry("ERROR in gateway.log: RedisCommandTimeoutException", 1L);
    assertThat(recorder.warmupErrors()).containsExactlyEntriesOf(java.util.Map.of("otp-send: HTTP 503 backend-unavailable", 1L));
  }
}
