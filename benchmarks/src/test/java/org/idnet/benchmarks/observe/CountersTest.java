package org.idnet.benchmarks.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void growthWhenReadAtBothEndsThenDifference() {
    assertThat(Counters.growth(Map.of("redis keyspace_hits", 100.0), Map.of("redis keyspace_hits", 350.0)))
        .containsOnly(entry("redis keyspace_hits", 250.0));
  }

  @Test
  void growthWhenCounterBornInsideTheWindowOfASourceReadBeforeThenFromZero() {
    Map<String, Double> before = Map.of("gateway a_cache_hits_total", 5.0);
    Map<String, Double> after = Map.of("gateway a_cache_hits_total", 9.0, "gateway a_cache_misses_total", 2.0);

    assertThat(Counters.growth(before, after))
        .containsOnly(entry("gateway a_cache_hits_total", 4.0), entry("gateway a_cache_misses_total", 2.0));
  }

  @Test
  void growthWhenASourceWasNotReadBeforeThenItsCountersLeftOut() {
    Map<String, Double> before = Map.of("gateway a_cache_hits_total", 5.0);
    Map<String, Double> after = Map.of("gateway a_cache_hits_total", 6.0, "redis keyspace_hits", 1_000_000.0);

    assertThat(Counters.growth(before, after)).containsOnly(entry("gateway a_cache_hits_total", 1.0));
    assertThat(Counters.growth(Map.of(), after)).isEmpty();
  }

  @Test
  void allWhenOneSourceFailsThenTheOthersStillRead() {
    Counters failing = () -> {
      throw new IllegalStateException("down");
    };
    Counters redis = () -> Map.of("redis keyspace_hits", 1.0);

    assertThat(Counters.all(List.of(failing, redis)).read()).containsOnly(entry("redis keyspace_hits", 1.0));
  }
}
