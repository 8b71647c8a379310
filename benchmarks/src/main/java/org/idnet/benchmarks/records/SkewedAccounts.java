package org.idnet.benchmarks.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.idnet.benchmarks.Progress;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.stores.LocalPostgres;

/**
 * The keys P1-P3 ask for over a realistic spread (issue 14): {@code records} real-name accounts
 * loaded into the running network as {@code bin/benchmark records} loads them, then a fixed
 * sequence of account ids drawn from a Zipf-like distribution over them ({@link Zipf}: rank k
 * asked with probability about 1/k^s), which the drivers cycle through. A benchmark of 1,000
 * cycled accounts measures only the caches; here the caches see what a platform's traffic looks
 * like, and the report gives their hit rates beside the figures.
 *
 * @param ids the draws, in order (duplicates are the point: hot accounts come back)
 * @param records accounts loaded
 * @param distinct distinct accounts among the draws
 * @param loadSeconds time the load took in this run (0 when the records were there)
 */
public record SkewedAccounts(List<String> ids, long records, double exponent, int distinct, double loadSeconds) {

  /** Enough draws that a 10 s window at 10,000 requests/s does not come round to the first again. */
  public static final int DRAWS = 100_000;
  static final long SEED = 1;
  static final int BATCH = 10_000;
  static final int WRITERS = 2;

  /**
   * Loads {@code records} accounts into the network's identity database with the keysets the running
   * identity-service uses ({@code <data>/keys}), analyzes the tables, and draws {@link #DRAWS} ids.
   */
  public static SkewedAccounts load(LocalPostgres postgres, Path data, long records, double exponent) throws Exception {
    RecordLoader.Target target = new RecordLoader.Target(postgres.jdbcUrl("identity"), postgres.user(), postgres.password());
    RecordSet set = new RecordSet(SEED, RecordsRun.PLATFORM, RecordsRun.ACCOUNT_PREFIX);
    RecordLoader loader = new RecordLoader(target, VaultKeysets.plain(data.resolve("keys"), false));
    Progress.say(String.format("loading %,d real-name accounts for P1-P3's key spread (Zipf, s = %.2f)", records, exponent));
    RecordLoader.Outcome load = loader.load(new RecordLoader.Plan(set, records, BATCH, WRITERS),
        report -> Progress.say(report.toString()), () -> false);
    Progress.say(String.format("loaded %,d records in %.1f s (%,.0f records/s)", load.loaded(),
        load.elapsed().toNanos() / 1e9, load.recordsPerSecond()));
    analyze(target);
    return draw(set, records, exponent, load.elapsed().toMillis() / 1000.0);
  }

  static SkewedAccounts draw(RecordSet set, long records, double exponent, double loadSeconds) {
    Zipf zipf = new Zipf(records, exponent, SEED);
    List<String> ids = new ArrayList<>(DRAWS);
    for (int i = 0; i < DRAWS; i++) {
      ids.add(set.accountId(zipf.nextIndex()));
    }
    return new SkewedAccounts(List.copyOf(ids), records, exponent, new HashSet<>(ids).size(), loadSeconds);
  }

  /** As autovacuum would after a load: the planner's statistics of the tables just filled. */
  private static void analyze(RecordLoader.Target target) throws SQLException {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        Statement s = c.createStatement()) {
      s.execute("ANALYZE " + String.join(", ", RecordsRun.TABLES));
    }
  }

  /** How the report names the spread. */
  public String describe() {
    return String.format("%,d real-name accounts loaded; requests drawn Zipf-like (s = %.2f) over them: %,d draws"
        + " cycled, %,d distinct accounts among them (the hottest about %.1f %% of requests)", records, exponent, ids.size(),
        distinct, 100.0 * hottestShare());
  }

  double hottestShare() {
    String hottest = ids.stream().collect(java.util.stream.Collectors.groupingBy(id -> id,
        java.util.stream.Collectors.counting())).entrySet().stream().max(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey).orElse("");
    return ids.stream().filter(hottest::equals).count() / (double) ids.size();
  }
}
