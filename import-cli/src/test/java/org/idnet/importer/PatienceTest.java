package org.idnet.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;
import org.junit.jupiter.api.Test;

class PatienceTest {

  final List<Duration> slept = new ArrayList<>();
  final List<String> said = new ArrayList<>();
  final Patience patience = new Patience(3, slept::add, said::add);

  static IdnetProblemException problem(int status, String code, Duration retryAfter) {
    return new IdnetProblemException(status, null, null, code, null, retryAfter, List.of());
  }

  @Test
  void aRateLimitWaitsWhatRetryAfterSaysAsOftenAsItComes() {
    AtomicInteger calls = new AtomicInteger();

    String answer = patience.call("batch 3", () -> {
      if (calls.incrementAndGet() <= 5) {
        throw problem(429, "rate-limited", Duration.ofSeconds(2));
      }
      return "receipt";
    });

    assertThat(answer).isEqualTo("receipt");
    assertThat(slept).hasSize(5).containsOnly(Duration.ofSeconds(2));
    assertThat(said).first().asString().startsWith("batch 3: HTTP 429 rate-limited").endsWith("trying again in 0:02");
  }

  @Test
  void anOutageIsTriedAgainABoundedNumberOfTimes() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> patience.call("batch 1", () -> {
      calls.incrementAndGet();
      throw problem(503, null, null);
    })).isInstanceOf(IdnetProblemException.class);
    assertThat(calls).hasValue(3);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

    calls.set(0);
    assertThatThrownBy(() -> patience.call("batch 1", () -> {
      calls.incrementAndGet();
      throw new IdnetException("POST failed: connection refused");
    })).isInstanceOf(IdnetException.class);
    assertThat(calls).hasValue(3);
  }

  @Test
  void anyOtherRefusalIsThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> patience.call("batch 1", () -> {
      calls.incrementAndGet();
      throw problem(409, "batch-differs", null);
    })).isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.code()).isEqualTo("batch-differs"));
    assertThat(calls).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void backOffGrowsToThirtySeconds() {
    assertThat(Patience.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Patience.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(Patience.backoff(9)).isEqualTo(Duration.ofSeconds(30));
  }
}
