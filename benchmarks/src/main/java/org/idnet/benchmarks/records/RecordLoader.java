package org.idnet.benchmarks.records;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.RealNameRows;
import org.idnet.identity.store.SubjectIds;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk-loads phone-bound, real-name accounts into identity-service's database: the rows are made by
 * identity-service's own {@link RealNameRows} (the vault's keysets, blind indexes and ciphertexts the
 * running service uses) and written with {@code COPY} into the tables as the schema has them, indexes
 * and constraints included, one transaction per batch.
 *
 * <p>Resumable: each batch's transaction also moves the load's progress row (table
 * {@code idnet_bench.record_loads}, outside the service's schema), so after a stop - Ctrl-C, a crash,
 * {@code stop} answering true - the next run starts at the first record not committed and, records
 * being functions of their index ({@link RecordSet}), writes exactly what an uninterrupted run would
 * have. A load may later be extended to a larger total with the same set. While the database
 * ingests one batch, the next is made on the other cores.
 *
 * <p>Connects as the schema's owner (the progress table needs CREATE), but writes only what the
 * service's own role may insert.
 */
public final class RecordLoader {

  /** The ages the service judges by (identity-service's default zone). */
  public static final AgeRule AGES = new AgeRule(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
  private static final List<String> TABLES = List.of(RealNameRows.ACCOUNTS, RealNameRows.PERSONS,
      RealNameRows.PAIRWISE_SUBJECTS, RealNameRows.PERSON_BINDINGS, RealNameRows.PHONE_BINDINGS);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  /** Where to write: identity-service's database, as its owner. */
  public record Target(String jdbcUrl, String user, String password) {
  }

  /** Load {@code total} records of {@code records} (indexes {@code 0..total-1}), {@code batchSize} per transaction. */
  public record Plan(RecordSet records, long total, int batchSize) {

    public Plan {
      Objects.requireNonNull(records, "records");
      if (total < 0 || total > RecordSet.CAPACITY) {
        throw new IllegalArgumentException("total must be 0-" + RecordSet.CAPACITY);
      }
      if (batchSize < 1 || batchSize > 1_000_000) {
        throw new IllegalArgumentException("batch size must be 1-1,000,000");
      }
    }
  }

  /**
   * @param before records already loaded when this run began
   * @param loaded records loaded by this run
   * @param stopped whether {@code stop} ended the run before the total
   */
  public record Outcome(long before, long loaded, long total, Duration elapsed, boolean stopped) {

    public double recordsPerSecond() {
      return elapsed.isZero() ? 0 : loaded / (elapsed.toNanos() / 1e9);
    }

    public long done() {
      return before + loaded;
    }
  }

  /** A progress line: done, total, rate of this run, rate of the last interval, estimate. */
  public record Report(long done, long total, double recordsPerSecond, double recentPerSecond, Duration eta) {

    @Override
    public String toString() {
      return String.format("loaded %,d of %,d records (%.1f%%), %,.0f records/s (last interval %,.0f/s), ETA %s",
          done, total, total == 0 ? 100.0 : 100.0 * done / total, recordsPerSecond, recentPerSecond, clock(eta));
    }

    static String clock(Duration d) {
      long s = d.toSeconds();
      return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
  }

  private final Target target;
  private final RealNameRows rows;

  public RecordLoader(Target target, KeyProvider keys) {
    this.target = Objects.requireNonNull(target, "target");
    this.rows = new RealNameRows(new FieldCipher(keys), new BlindIndex(keys), new SubjectIds(keys), AGES);
  }

  /** Records of {@code set} loaded so far (0 if it was never loaded into this database). */
  public long loaded(RecordSet set) throws SQLException {
    try (Connection c = connect()) {
      ensureProgressTable(c);
      return progress(c, set, false);
    }
  }

  /**
   * Loads {@code plan} from where an earlier run stopped, calling {@code report} about every 5 s and
   * {@code stop} between batches (true: commit nothing more and return).
   */
  public Outcome load(Plan plan, Consumer<Report> report, BooleanSupplier stop) throws SQLException {
    try (Connection c = connect()) {
      ensureProgressTable(c);
      c.setAutoCommit(false);
      long before = progress(c, plan.records(), true);
      c.commit();
      if (before > plan.total()) {
        throw new IllegalStateException(String.format("this database already holds %,d records of the set,"
            + " more than the %,d asked for; measure it at that size or use another data folder", before, plan.total()));
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      long begin = System.nanoTime();
      long lastReport = begin;
      long lastDone = before;
      long done = before;
      CompletableFuture<String[]> next = batch(plan, done);
      while (done < plan.total()) {
        if (stop.getAsBoolean()) {
          next.cancel(false);
          return new Outcome(before, done - before, plan.total(), Duration.ofNanos(System.nanoTime() - begin), true);
        }
        String[] text = next.join();
        long end = Math.min(plan.total(), done + plan.batchSize());
        next = end < plan.total() ? batch(plan, end) : null;
        try {
          for (int t = 0; t < TABLES.size(); t++) {
            copy.copyIn("COPY " + TABLES.get(t) + " FROM STDIN", new StringReader(text[t]));
          }
          try (PreparedStatement update = c.prepareStatement(
              "UPDATE idnet_bench.record_loads SET loaded = ? WHERE platform_id = ? AND account_prefix = ?")) {
            update.setLong(1, end);
            update.setString(2, plan.records().platformId());
            update.setString(3, plan.records().accountPrefix());
            update.executeUpdate();
          }
          c.commit();
        } catch (SQLException | java.io.IOException e) {
          c.rollback();
          if (next != null) {
            next.cancel(false);
          }
          throw new SQLException("the batch from record " + done + " failed: " + e.getMessage(), e);
        }
        done = end;
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_EVERY.toNanos() || done == plan.total()) {
          double rate = (done - before) / ((now - begin) / 1e9);
          double recent = (done - lastDone) / ((now - lastReport) / 1e9);
          Duration eta = Duration.ofSeconds(rate > 0 ? (long) ((plan.total() - done) / rate) : 0);
          report.accept(new Report(done, plan.total(), rate, recent, eta));
          lastReport = now;
          lastDone = done;
        }
        if (next == null) {
          break;
        }
      }
      return new Outcome(before, done - before, plan.total(), Duration.ofNanos(System.nanoTime() - begin), false);
    }
  }

  /** The COPY text of each table for records {@code from..from+batchSize-1}, made on the common pool. */
  private CompletableFuture<String[]> batch(Plan plan, long from) {
    long to = Math.min(plan.total(), from + plan.batchSize());
    return CompletableFuture.supplyAsync(() -> {
      RealNameRows.Rows[] made = new RealNameRows.Rows[(int) (to - from)];
      LongStream.range(from, to).parallel().forEach(i -> made[(int) (i - from)] =
          rows.rows(plan.records().registration(i), plan.records().rowIds(i)));
      StringBuilder[] out = new StringBuilder[TABLES.size()];
      for (int t = 0; t < out.length; t++) {
        out[t] = new StringBuilder(made.length * 256);
      }
      for (RealNameRows.Rows r : made) {
        CopyText.row(out[0], r.account());
        CopyText.row(out[1], r.person());
        CopyText.row(out[2], r.pairwiseSubject());
        CopyText.row(out[3], r.personBinding());
        CopyText.row(out[4], r.phoneBinding());
      }
      String[] text = new String[out.length];
      for (int t = 0; t < out.length; t++) {
        text[t] = out[t].toString();
      }
      return text;
    });
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  private static void ensureProgressTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS idnet_bench");
      s.execute("""
          CREATE TABLE IF NOT EXISTS idnet_bench.record_loads (
            platform_id    text   NOT NULL,
            account_prefix text   NOT NULL,
            seed           bigint NOT NULL,
            loaded         bigint NOT NULL,
            PRIMARY KEY (platform_id, account_prefix))""");
    }
  }

  /** Records loaded so far; with {@code claim}, the set's row is created (and locked) if missing. */
  private static long progress(Connection c, RecordSet set, boolean claim) throws SQLException {
    if (claim) {
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO idnet_bench.record_loads (platform_id, account_prefix, seed, loaded) VALUES (?, ?, ?, 0)
          ON CONFLICT DO NOTHING""")) {
        insert.setString(1, set.platformId());
        insert.setString(2, set.accountPrefix());
        insert.setLong(3, set.seed());
        insert.executeUpdate();
      }
    }
    try (PreparedStatement select = c.prepareStatement(
        "SELECT seed, loaded FROM idnet_bench.record_loads WHERE platform_id = ? AND account_prefix = ?")) {
      select.setString(1, set.platformId());
      select.setString(2, set.accountPrefix());
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        if (rs.getLong("seed") != set.seed()) {
          throw new IllegalStateException("this database holds accounts " + set.accountPrefix() + "... of "
              + set.platformId() + " loaded with seed " + rs.getLong("seed") + ", not " + set.seed()
              + ": resume with that seed, or use another prefix or data folder");
        }
        return rs.getLong("loaded");
      }
    }
  }
}
