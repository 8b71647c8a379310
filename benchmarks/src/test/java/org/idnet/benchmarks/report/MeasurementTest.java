package org.idnet.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.idnet.benchmarks.load.Latency;
import org.idnet.benchmarks.load.LoadResult;
import org.junit.jupiter.api.Test;

class MeasurementTest {

  private final Measurement p4 = new Measurement("P4", 1, new LoadResult(500, 0, 5, Latency.NONE, ""), 1,
      Map.of("gateway", 0.5), Map.of("redis evalsha calls", 1500.0));

  @Test
  void perOperationWhenCounterReadThenGrowthOverOperations() {
    assertThat(p4.perOperation("redis evalsha calls")).isEqualTo(3.0);
    assertThat(p4.perOperation("redis get calls")).isNaN();
  }

  @Test
  void cpuMicrosPerOperationWhenCoresAndThroughputThenMicroseconds() {
    // 100 flows/s on half a core: 5,000 µs a flow.
    assertThat(p4.cpuMicrosPerOperation("gateway")).isEqualTo(5000.0);
  }
}
