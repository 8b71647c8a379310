package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZipfTest {

  @Test
  void rankWhenExponentIsOneThenFrequenciesFallAsOneOverRank() {
    Zipf zipf = new Zipf(1_000_000, 1.0, 3);
    long[] counts = new long[101];
    int draws = 2_000_000;
    for (int d = 0; d < draws; d++) {
      long rank = zipf.nextRank();
      assertThat(rank).isBetween(1L, 1_000_000L);
      if (rank <= 100) {
        counts[(int) rank]++;
      }
    }
    // Rank 1 about ten times rank 10 and a hundred times rank 100 (within the continuous approximation).
    assertThat((double) counts[1] / counts[10]).isBetween(5.0, 15.0);
    assertThat((double) counts[1] / counts[100]).isBetween(50.0, 150.0);
    // The hundred hottest ranks take a large share: skewed, not uniform (uniform would be 0.01 %).
    long top = 0;
    for (int r = 1; r <= 100; r++) {
      top += counts[r];
    }
    assertThat((double) top / draws).isGreaterThan(0.25);
  }

  @Test
  void rankWhenExponentIsZeroThenUniform() {
    Zipf zipf = new Zipf(10, 0, 5);
    long[] counts = new long[11];
    for (int d = 0; d < 100_000; d++) {
      counts[(int) zipf.nextRank()]++;
    }
    for (int r = 1; r <= 10; r++) {
      assertThat(counts[r]).isBetween(9_000L, 11_000L);
    }
  }

  @Test
  void indexWhenEveryRankMappedThenAPermutationOfTheRecords() {
    for (long n : new long[] {1, 2, 10, 1000, 1024, 999_983}) {
      Zipf zipf = new Zipf(n, 1.1, 1);
      Set<Long> seen = new HashSet<>();
      for (long rank = 1; rank <= n; rank++) {
        long index = zipf.index(rank);
        assertThat(index).isBetween(0L, n - 1);
        seen.add(index);
      }
      assertThat(seen).hasSize((int) n);
    }
  }

  @Test
  void drawsWhenSameSeedThenSameSequence() {
    Zipf a = new Zipf(10_000_000, 0.99, 11);
    Zipf b = new Zipf(10_000_000, 0.99, 11);
    for (int d = 0; d < 1000; d++) {
      assertThat(a.nextIndex()).isEqualTo(b.nextIndex());
    }
  }

  @Test
  void settingsWhenOutOfRangeThenRefused() {
    assertThatThrownBy(() -> new Zipf(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Zipf(10, -0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Zipf(10, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Zipf(10, 1, 1).index(11)).isInstanceOf(IllegalArgumentException.class);
  }
}
