package org.idnet.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.idnet.benchmarks.load.Latency;
import org.idnet.benchmarks.load.LoadResult;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static Measurement window(String phase, int round, long operations, Map<String, Double> cores,
      Map<String, Double> counters) {
    return new Measurement(phase, round, new LoadResult(operations, 0, 10, new Latency(2, 3, 8, 9, 12), ""), 1, cores,
        counters);
  }

  @Test
  void tableWhenP1WindowsThenGatewayCpuPerRequestIsItsCoresOverRequestsAgainstTheBar() {
    Report report = new Report(List.of(
        window("P1", 1, 30_000, Map.of("gateway", 0.9), Map.of()),   // 3,000 req/s, 0.9 cores: 300 µs
        window("P1", 2, 40_000, Map.of("gateway", 0.8), Map.of()),   // 4,000 req/s: 200 µs
        window("P1", 3, 20_000, Map.of("gateway", 0.5), Map.of())),  // 2,000 req/s: 250 µs
        Map.of());

    assertThat(report.table()).contains("| P1-cpu: the gateway's CPU per verify-account request")
        .contains("| 250 µs | 300 / 200 / 250 | — | ≤ 150 µs (a third of the first measured ≈ 450 µs) | missed by 67%");
    assertThat(report.derived()).extractingByKey("P1-cpu").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("gatewayMicrosPerRequestMedian", 250.0);
  }

  @Test
  void tableAndFlowCostWhenP4WindowThenFlowsPerSecondAndCpuAndRedisCallsPerFlow() {
    Report report = new Report(List.of(window("P4", 1, 2_000, Map.of("gateway", 0.4, "phone-otp", 0.6, "machine total", 1.9),
        Map.of("redis evalsha calls", 6_000.0, "redis evalsha usec", 40_000.0, "redis keyspace_hits", 10_000.0,
            "redis keyspace_misses", 2_000.0))), Map.of());

    assertThat(report.table()).contains("| 200 flows/s (flow p50 2.00, p99 8.00 ms) | 200 | — | ≥ 1,000 flows/s | missed by 80%");
    assertThat(report.flowCost()).contains("| gateway | 2,000 |").contains("| phone-otp | 3,000 |")
        .doesNotContain("machine total").contains("| evalsha | 3.00 | 20.0 |");
    assertThat(report.cacheTable()).contains("| P4 | Redis, every reader | 83.3 % |")
        .doesNotContain("identity-service answer cache");
  }

  @Test
  void cacheTableWhenP2WindowThenIdentityEstimateFromMgetsAndMisses() {
    Report report = new Report(List.of(window("P2", 1, 10_000, Map.of(),
        Map.of("redis mget calls", 10_000.0, "redis keyspace_misses", 100.0, "redis keyspace_hits", 9_900.0))), Map.of());

    assertThat(report.cacheTable()).contains("| P2 | identity-service answer cache (Redis, est.) | 99.0 % | 9,900 / 100 | 99.0 % |");
    assertThat(report.hasCountedCaches()).isFalse();
  }
}
