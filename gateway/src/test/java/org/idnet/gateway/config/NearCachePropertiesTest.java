package org.idnet.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The near cache's TTL is the staleness bound: above 1 s only when the operator says so. */
class NearCachePropertiesTest {

  static NearCacheProperties with(Duration ttl, boolean allowed, int maxEntries) {
    return new NearCacheProperties(true, ttl, allowed, maxEntries, "idnet:near-cache:invalidations",
        Duration.ofSeconds(1), List.of("idnet.identity.v1.AccountVerificationService/CheckAccount"));
  }

  @Test
  void aTtlAboveOneSecondIsRefusedWithoutTheOperatorsExplicitConsent() {
    assertThatThrownBy(() -> with(Duration.ofMillis(1001), false, 10))
        .hasMessageContaining("idnet.gateway.near-cache.ttl").hasMessageContaining("ttl-above-one-second-allowed");
    assertThat(with(Duration.ofSeconds(5), true, 10).ttl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(with(Duration.ofSeconds(1), false, 10).ttl()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aTtlOrSizeThatMeansNothingIsRefused() {
    assertThatThrownBy(() -> with(Duration.ZERO, false, 10)).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> with(Duration.ofMillis(500), false, 0)).hasMessageContaining("max-entries");
  }
}
