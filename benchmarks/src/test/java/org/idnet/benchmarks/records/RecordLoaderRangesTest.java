package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.idnet.benchmarks.records.RecordLoader.Range;
import org.junit.jupiter.api.Test;

/** What a resumed load still has to write, from the ranges earlier runs committed. */
class RecordLoaderRangesTest {

  @Test
  void missingWhenNothingLoadedThenEverything() {
    assertThat(RecordLoader.missing(List.of(), 1000)).containsExactly(new Range(0, 1000));
  }

  @Test
  void missingWhenParallelWritersLeftHolesThenExactlyTheHoles() {
    List<Range> done = List.of(new Range(0, 300), new Range(600, 900), new Range(1200, 1500));

    assertThat(RecordLoader.missing(done, 2000))
        .containsExactly(new Range(300, 600), new Range(900, 1200), new Range(1500, 2000));
  }

  @Test
  void missingWhenEverythingLoadedThenNothing() {
    assertThat(RecordLoader.missing(List.of(new Range(0, 500), new Range(500, 1000)), 1000)).isEmpty();
  }

  @Test
  void missingWhenTheTotalGrowsThenOnlyTheNewTail() {
    assertThat(RecordLoader.missing(List.of(new Range(0, 1000)), 10_000)).containsExactly(new Range(1000, 10_000));
  }

  @Test
  void batchesWhenCutThenCoverEachRangeInOrderWithinTheSize() {
    List<Range> batches = RecordLoader.batches(List.of(new Range(0, 25), new Range(40, 50)), 10);

    assertThat(batches).containsExactly(new Range(0, 10), new Range(10, 20), new Range(20, 25), new Range(40, 50));
    assertThat(RecordLoader.count(batches)).isEqualTo(35);
  }
}
