package org.idnet.benchmarks.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class PrometheusCountersTest {

  @Test
  void parseWhenExpositionThenOnlyCacheCountersNamedByServiceMetricAndLabels() {
    String exposition = """
        # HELP cache_gets_total the number of times cache lookup methods have returned a cached value.
        # TYPE cache_gets_total counter
        cache_gets_total{cache="verify-account",result="hit"} 9120.0
        cache_gets_total{cache="verify-account",result="miss"} 880.0
        idnet_gateway_near_cache_hits_total 42
        cache_size{cache="verify-account"} 1000.0
        http_server_requests_seconds_count{method="GET",status="200"} 10000.0
        jvm_gc_pause_seconds_total 1.5
        idnet_identity_cache_rejected_total{reason="UNSEALED"} NaN
        """;

    assertThat(PrometheusCounters.parse("gateway", exposition)).containsOnly(
        entry("gateway cache_gets_total{cache=\"verify-account\",result=\"hit\"}", 9120.0),
        entry("gateway cache_gets_total{cache=\"verify-account\",result=\"miss\"}", 880.0),
        entry("gateway idnet_gateway_near_cache_hits_total", 42.0));
  }

  @Test
  void parseWhenLabelValueHasSpacesThenTheWholeSampleNameKept() {
    assertThat(PrometheusCounters.parse("identity", "x_cache_total{name=\"a b\"} 3 1700000000000\n"))
        .containsOnly(entry("identity x_cache_total{name=\"a b\"}", 3.0));
  }
}
