package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReleasePolicyTest {

  @Test
  void backoffWhenAttemptsGrowThenDoublesUpToTheMaximum() {
    var policy = new ReleasePolicy(Duration.ofDays(7), Duration.ofSeconds(10), Duration.ofMinutes(1),
        Duration.ofHours(24));
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.backoff(1_000_000)).isEqualTo(Duration.ofMinutes(1));
  }
}
