package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SkewedAccountsTest {

  private final RecordSet set = new RecordSet(SkewedAccounts.SEED, RecordsRun.PLATFORM, RecordsRun.ACCOUNT_PREFIX);

  @Test
  void drawsAreLoadedAccountsWithHotOnesComingBackAsZipfsLawSays() {
    long records = 1_000_000;
    SkewedAccounts spread = SkewedAccounts.draw(set, records, 1.0, 0);
    Set<String> loaded = new HashSet<>();
    LongStream.range(0, records).forEach(i -> loaded.add(set.accountId(i)));
    assertThat(spread.ids()).hasSize(SkewedAccounts.DRAWS);
    assertThat(spread.ids()).allMatch(loaded::contains, "a loaded account");
    // Rank 1 of a million under s = 1 is asked for about ln(2) / ln(1,000,001) = 5 % of the time
    // (the continuous law Zipf draws from); a uniform spread would ask for it once in a million.
    assertThat(spread.hottestShare()).isBetween(0.04, 0.06);
    assertThat(spread.distinct()).isLessThan(SkewedAccounts.DRAWS / 2).isGreaterThan(1_000);
    assertThat(spread.describe()).contains("1,000,000 real-name accounts", "100,000 draws");
  }

  @Test
  void exponentZeroIsUniformAndTheSequenceIsTheSameEveryRun() {
    SkewedAccounts uniform = SkewedAccounts.draw(set, 1_000_000, 0, 0);
    assertThat(uniform.distinct()).isGreaterThan(95_000);
    assertThat(SkewedAccounts.draw(set, 1_000_000, 0, 0).ids()).isEqualTo(uniform.ids());
  }
}
