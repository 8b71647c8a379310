package org.idnet.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheHitsTest {

  @Test
  void identityWhenMgetsAndMissesThenHitRateIsOneMinusMissesPerMget() {
    var rates = CacheHits.identity(Map.of("redis mget calls", 1000.0, "redis keyspace_misses", 20.0,
        "redis keyspace_hits", 2980.0));

    assertThat(rates).singleElement().satisfies(r -> {
      assertThat(r.hits()).isEqualTo(980.0);
      assertThat(r.misses()).isEqualTo(20.0);
      assertThat(r.hitRate()).isEqualTo(0.98);
    });
  }

  @Test
  void identityWhenMoreMissesThanMgetsThenNoHitsNotANegativeCount() {
    assertThat(CacheHits.identity(Map.of("redis mget calls", 10.0, "redis keyspace_misses", 50.0)))
        .singleElement().satisfies(r -> assertThat(r.hitRate()).isZero());
  }

  @Test
  void identityWhenNoMgetOrNoRedisCountersThenNothing() {
    assertThat(CacheHits.identity(Map.of("redis keyspace_misses", 5.0))).isEmpty();
    assertThat(CacheHits.identity(Map.of("redis mget calls", 0.0, "redis keyspace_misses", 0.0))).isEmpty();
    assertThat(CacheHits.identity(Map.of())).isEmpty();
  }

  @Test
  void countedWhenMicrometerResultLabelsOrHitsMissesPairsThenPairedPerCache() {
    var rates = CacheHits.counted(Map.of(
        "gateway cache_gets_total{cache=\"near\",result=\"hit\"}", 900.0,
        "gateway cache_gets_total{cache=\"near\",result=\"miss\"}", 100.0,
        "gateway idnet_near_cache_hits_total", 30.0,
        "gateway idnet_near_cache_misses_total", 10.0,
        "redis keyspace_hits", 5.0));

    assertThat(rates).extracting(CacheHits.Rate::cache, CacheHits.Rate::hitRate).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("gateway cache_gets_total{cache=\"near\",…}", 0.9),
        org.assertj.core.groups.Tuple.tuple("gateway idnet_near_cache…", 0.75));
  }

  @Test
  void aBypassedCallCountsAsAMissNotAsNothing() {
    var rates = CacheHits.counted(Map.of(
        "gateway idnet_gateway_near_cache_requests_total{result=\"hit\"}", 600.0,
        "gateway idnet_gateway_near_cache_requests_total{result=\"miss\"}", 200.0,
        "gateway idnet_gateway_near_cache_requests_total{result=\"bypass\"}", 200.0));

    assertThat(rates).extracting(CacheHits.Rate::hitRate).containsExactly(0.6);
  }

  @Test
  void rateWhenWrittenAsJsonThenHitRateBesideHitsAndMisses() throws Exception {
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new CacheHits.Rate("x", 3, 1)))
        .isEqualTo("{\"cache\":\"x\",\"hits\":3.0,\"misses\":1.0,\"hitRate\":0.75}");
  }

  @Test
  void hitRateWhenNoLookupsThenNotANumber() {
    assertThat(new CacheHits.Rate("x", 0, 0).hitRate()).isNaN();
  }

  @Test
  void withoutEstimateWhenRedisCountersThenRedisOverallOnly() {
    assertThat(CacheHits.withoutEstimate(Map.of("redis mget calls", 10.0, "redis keyspace_misses", 5.0,
        "redis keyspace_hits", 15.0))).extracting(CacheHits.Rate::cache).containsExactly("Redis, every reader");
  }
}
