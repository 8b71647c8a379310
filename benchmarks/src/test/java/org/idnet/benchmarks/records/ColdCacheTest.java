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
    // Other programs read their files back at once on a busy machine: a fall is a drop.
    assertThat(ColdCache.dropped(323_284, 184_588)).isTrue();
    assertThat(ColdCache.dropped(2_000_000, 2_000_000)).isFalse();
    assertThat(ColdCache.dropped(2_000_000, 2_100_000)).isFalse();
    assertThat(ColdCache.dropped(-1, 10)).isFalse();
  }

  @Test
  void coldnessWhenNotDroppedThenSaysPostgresqlCold() {
    assertThat(new ColdCache.Reset(false, 10, 10, 0, "not permitted").coldness()).startsWith("PostgreSQL-cold");
    assertThat(new ColdCache.Reset(true, 20480, 10240, 0, "dropped").coldness())
        .isEqualTo("cold (PostgreSQL restarted, OS page cache dropped: Cached 20 -> 10 MiB)");
  }
}
