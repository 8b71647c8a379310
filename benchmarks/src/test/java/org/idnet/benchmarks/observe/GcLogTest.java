package org.idnet.benchmarks.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

  /**
   * Lines as JDK 25 writes them with -Xlog:gc:file=...:timemillis,tags (Parallel, jcmd's GC.run as
   * "Diagnostic Command", then G1's full pause).
   */
  private static final List<String> LOG = List.of(
      "[1796394013291ms][gc] Using Parallel",
      "[1796394013970ms][gc] GC(0) Pause Young (Allocation Failure) 17M->3M(61M) 12.003ms",
      "[1796394014299ms][gc] GC(4) Pause Full (Ergonomics) 56M->53M(512M) 28.148ms",
      "[1796394015000ms][gc] GC(5) Pause Full (System.gc()) 300M->61M(512M) 151.5ms",
      "[1796395056011ms][gc] GC(21) Pause Full (Diagnostic Command) 156M->42M(498M) 593.317ms",
      "[1796394016000ms][gc] GC(6) Pause Full (G1 Compaction Pause) 2G->900K(2G) 1234.0ms",
      "[1796394017000ms][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 3.1ms",
      "not a log line at all");

  @Test
  void fullCollectionsAreReadWithTheHeapAfterThem() {
    List<GcLog.FullGc> full = GcLog.fullCollections(LOG);
    assertThat(full).extracting(GcLog.FullGc::cause).containsExactly("Ergonomics", "System.gc()", "Diagnostic Command",
        "G1 Compaction Pause");
    GcLog.FullGc requested = full.get(1);
    assertThat(requested.epochMillis()).isEqualTo(1796394015000L);
    assertThat(requested.beforeBytes()).isEqualTo(300L << 20);
    assertThat(requested.afterBytes()).isEqualTo(61L << 20);
    assertThat(requested.afterMiB()).isEqualTo(61.0);
    assertThat(requested.capacityBytes()).isEqualTo(512L << 20);
    assertThat(requested.pauseMillis()).isEqualTo(151.5);
  }

  @Test
  void unitsKiloMegaGiga() {
    GcLog.FullGc g1 = GcLog.fullCollections(LOG).get(3);
    assertThat(g1.beforeBytes()).isEqualTo(2L << 30);
    assertThat(g1.afterBytes()).isEqualTo(900L << 10);
  }

  @Test
  void youngCollectionsAndOtherLinesAreNotFullOnes() {
    assertThat(GcLog.fullCollections(List.of(LOG.get(0), LOG.get(1), LOG.get(6), LOG.get(7)))).isEmpty();
  }
}
