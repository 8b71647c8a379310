package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-process allowance: per caller, refused at once when spent, with an honest wait. */
class Resilience4jRateLimitTest {

  @Test
  void eachCallerHasItsOwnAllowanceAndTheRefusalSaysHowLongToWait() {
    Resilience4jRateLimit limit = new Resilience4jRateLimit(2, Duration.ofHours(1));

    assertThat(limit.tryAcquire("platform-a")).isEmpty();
    assertThat(limit.tryAcquire("platform-a")).isEmpty();
    Optional<Duration> third = limit.tryAcquire("platform-a");

    assertThat(third).hasValueSatisfying(wait -> assertThat(wait)
        .isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
    assertThat(limit.tryAcquire("platform-b")).isEmpty();
  }

  @Test
  void theAllowanceComesBackAfterThePeriod() throws InterruptedException {
    Resilience4jRateLimit limit = new Resilience4jRateLimit(1, Duration.ofMillis(200));
    limit.tryAcquire("carrier-1");
    assertThat(limit.tryAcquire("carrier-1")).isPresent();

    Thread.sleep(450);

    assertThat(limit.tryAcquire("carrier-1")).isEmpty();
  }

  @Test
  void aLimitThatAllowsNothingIsAConfigurationError() {
    assertThatThrownBy(() -> new Resilience4jRateLimit(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Resilience4jRateLimit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
