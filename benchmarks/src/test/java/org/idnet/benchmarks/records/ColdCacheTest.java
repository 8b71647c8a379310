package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColdCacheTest {

  @Test
  void cachedWhenMeminfoThenItsKilobytes() {
    String meminfo = "MemTotal:       24542772 kB\nBuffers:            4332 kB\nCached:           221196 kB\nSwapCached: 0 kB\n";

    assertThat(ColdCache.cachedKb(meminfo)).contains(221196L);
    assertThat(ColdCache.cachedKb("MemTotal: 1 kB\n")).isEqualTo(Optional.empty());
  }

  @Test
  void droppedOnlyWhenTheCacheFell() {
    assertThat(ColdCache.dropped(2_000_000, 15_000)).isTrue();
    assertThat(ColdCache.dropped(2_000_000, 1_900_000)).isFalse();
    assertThat(ColdCache.dropped(-1, 10)).isFalse();
  }

  @Test
  void coldnessWhenNotDroppedThenSaysPostgresqlCold() {
    assertThat(new ColdCache.Reset(false, 10, 10, 0, "not permitted").coldness()).startsWith("PostgreSQL-cold");
    assertThat(new ColdCache.Reset(true, 10, 1, 0, "dropped").coldness()).startsWith("cold");
  }
}
