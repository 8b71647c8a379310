package org.idnet.benchmarks.records;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
 * and constraints included, one transaction per batch, by {@code writers} connections at once (one
 * PostgreSQL backend each: a single backend is what limits a load).
 *
 * <p>Resumable: each batch's transaction also records its range of records (table
 * {@code idnet_bench.record_ranges}, outside the service's schema), so after a stop - Ctrl-C, a crash,
 * {@code stop} answering true - the next run loads exactly the records not committed yet and, records
 * being functions of their index ({@link RecordSet}), writes what an uninterrupted run would have. A
 * load may later be extended to a larger total with the same set.
 *
 * <p>Connects as the schema's owner (the progress tables need CREATE), but writes only what the
 * service's own role may insert. {@code synchronous_commit} is off for its sessions: a crash may lose
 * the last batches, but each batch and its range commit or vanish together, so a resume redoes them.
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

  /**
   * Load {@code total} records of {@code records} (indexes {@code 0..total-1}), {@code batchSize} per
   * transaction, over {@code writers} connections.
   */
  public record Plan(RecordSet records, long total, int batchSize, int writers) {

    public Plan {
      Objects.requireNonNull(records, "records");
      if (total < 0 || total > RecordSet.CAPACITY) {
        throw new IllegalArgumentException("total must be 0-" + RecordSet.CAPACITY);
      }
      if (batchSize < 1 || batchSize > 1_000_000) {
        throw new IllegalArgumentException("batch size must be 1-1,000,000");
      }
      if (writers < 1 || writers > 64) {
        throw new IllegalArgumentException("writers must be 1-64");
      }
    }
  }

  /**
   * @param before records already loaded when this run began
   * @param loaded records loaded by this run
   * @param stopped whether {@code stop} ended the run before the total
   * @param makingRows time the writers spent making rows (all writers together: the JVM's share)
   * @param writing time the writers spent in COPY and commit (all writers together: the database's share)
   */
  public record Outcome(long before, long loaded, long total, Duration elapsed, boolean stopped, Duration makingRows,
      Duration writing) {

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

  /** Records {@code first} (inclusive) to {@code end} (exclusive). */
  record Range(long first, long end) {
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
      ensureProgressTables(c);
      checkSeed(c, set, false);
      return count(ranges(c, set));
    }
  }

  /**
   * Loads what {@code plan} still misses, calling {@code report} about every 5 s and {@code stop}
   * before each batch (true: that writer commits nothing more; the run returns once all have stopped).
   */
  public Outcome load(Plan plan, Consumer<Report> report, BooleanSupplier stop) throws SQLException, InterruptedException {
    List<Range> todo;
    long before;
    try (Connection c = connect()) {
      ensureProgressTables(c);
      checkSeed(c, plan.records(), true);
      List<Range> done = ranges(c, plan.records());
      before = count(done);
      long highest = done.isEmpty() ? 0 : done.getLast().end();
      if (highest > plan.total()) {
        throw new IllegalStateException(String.format("this database already holds records of the set up to %,d,"
            + " more than the %,d asked for; measure it at that size or use another data folder", highest, plan.total()));
      }
      todo = batches(missing(done, plan.total()), plan.batchSize());
    }
    Queue<Range> queue = new ConcurrentLinkedQueue<>(todo);
    AtomicLong loaded = new AtomicLong();
    AtomicLong making = new AtomicLong();
    AtomicLong writing = new AtomicLong();
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long begin = System.nanoTime();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < Math.min(plan.writers(), Math.max(1, todo.size())); w++) {
      writers.add(Thread.ofPlatform().name("record-writer-" + w).start(() -> {
        try (Connection c = connect()) {
          write(c, plan, queue, stop, stopped, failure, loaded, making, writing);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    long lastReport = begin;
    long lastDone = 0;
    while (writers.stream().anyMatch(Thread::isAlive)) {
      for (Thread t : writers) {
        t.join(100);
      }
      long now = System.nanoTime();
      long n = loaded.get();
      boolean finished = writers.stream().noneMatch(Thread::isAlive);
      if ((now - lastReport >= REPORT_EVERY.toNanos() || finished) && n > lastDone) {
        double rate = n / ((now - begin) / 1e9);
        double recent = (n - lastDone) / ((now - lastReport) / 1e9);
        long remaining = plan.total() - before - n;
        report.accept(new Report(before + n, plan.total(), rate, recent,
            Duration.ofSeconds(rate > 0 ? (long) (remaining / rate) : 0)));
        lastReport = now;
        lastDone = n;
      }
    }
    if (failure.get() != null) {
      Exception e = failure.get();
      throw e instanceof SQLException sql ? sql : new SQLException("the load failed: " + e.getMessage(), e);
    }
    return new Outcome(before, loaded.get(), plan.total(), Duration.ofNanos(System.nanoTime() - begin), stopped.get(),
        Duration.ofNanos(making.get()), Duration.ofNanos(writing.get()));
  }

  private void write(Connection c, Plan plan, Queue<Range> queue, BooleanSupplier stop, AtomicBoolean stopped,
      AtomicReference<Exception> failure, AtomicLong loaded, AtomicLong making, AtomicLong writing)
      throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
    }
    c.setAutoCommit(false);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    while (failure.get() == null) {
      if (queue.isEmpty()) {
        return;
      }
      if (stop.getAsBoolean()) {
        stopped.set(true);
        return;
      }
      Range batch = queue.poll();
      if (batch == null) {
        return;
      }
      long start = System.nanoTime();
      String[] text = text(plan.records(), batch);
      long made = System.nanoTime();
      making.addAndGet(made - start);
      try {
        for (int t = 0; t < TABLES.size(); t++) {
          copy.copyIn("COPY " + TABLES.get(t) + " FROM STDIN", new StringReader(text[t]));
        }
        try (PreparedStatement insert = c.prepareStatement("""
            INSERT INTO idnet_bench.record_ranges (platform_id, account_prefix, first, "end") VALUES (?, ?, ?, ?)""")) {
          insert.setString(1, plan.records().platformId());
          insert.setString(2, plan.records().accountPrefix());
          insert.setLong(3, batch.first());
          insert.setLong(4, batch.end());
          insert.executeUpdate();
        }
        c.commit();
      } catch (SQLException | IOException e) {
        c.rollback();
        throw new SQLException("the batch of records " + batch.first() + "-" + (batch.end() - 1) + " failed: "
            + e.getMessage(), e);
      }
      writing.addAndGet(System.nanoTime() - made);
      loaded.addAndGet(batch.end() - batch.first());
    }
  }

  /** The COPY text of each table for the records of {@code batch}. */
  private String[] text(RecordSet set, Range batch) {
    StringBuilder[] out = new StringBuilder[TABLES.size()];
    int size = (int) (batch.end() - batch.first());
    for (int t = 0; t < out.length; t++) {
      out[t] = new StringBuilder(size * 256);
    }
    for (long i = batch.first(); i < batch.end(); i++) {
      RealNameRows.Rows r = rows.rows(set.registration(i), set.rowIds(i));
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
  }

  /** What {@code done} (sorted, disjoint) leaves of {@code [0, total)}. */
  static List<Range> missing(List<Range> done, long total) {
    List<Range> gaps = new ArrayList<>();
    long at = 0;
    for (Range r : done) {
      if (r.first() > at) {
        gaps.add(new Range(at, Math.min(r.first(), total)));
      }
      at = Math.max(at, r.end());
      if (at >= total) {
        break;
      }
    }
    if (at < total) {
      gaps.add(new Range(at, total));
    }
    gaps.removeIf(g -> g.end() <= g.first());
    return gaps;
  }

  /** The ranges cut into batches of at most {@code size}, in order. */
  static List<Range> batches(List<Range> ranges, int size) {
    List<Range> batches = new ArrayList<>();
    for (Range r : ranges) {
      for (long first = r.first(); first < r.end(); first += size) {
        batches.add(new Range(first, Math.min(r.end(), first + size)));
      }
    }
    return batches;
  }

  static long count(List<Range> ranges) {
    return ranges.stream().mapToLong(r -> r.end() - r.first()).sum();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  private static void ensureProgressTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS idnet_bench");
      s.execute("""
          CREATE TABLE IF NOT EXISTS idnet_bench.record_loads (
            platform_id    text   NOT NULL,
            account_prefix text   NOT NULL,
            seed           bigint NOT NULL,
            PRIMARY KEY (platform_id, account_prefix))""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS idnet_bench.record_ranges (
            platform_id    text   NOT NULL,
            account_prefix text   NOT NULL,
            first          bigint NOT NULL,
            "end"          bigint NOT NULL CHECK ("end" > first),
            PRIMARY KEY (platform_id, account_prefix, first))""");
    }
  }

  /** Refuses a set loaded before with another seed; with {@code claim}, records this set's seed. */
  private static void checkSeed(Connection c, RecordSet set, boolean claim) throws SQLException {
    if (claim) {
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO idnet_bench.record_loads (platform_id, account_prefix, seed) VALUES (?, ?, ?)
          ON CONFLICT DO NOTHING""")) {
        insert.setString(1, set.platformId());
        insert.setString(2, set.accountPrefix());
        insert.setLong(3, set.seed());
        insert.executeUpdate();
      }
    }
    try (PreparedStatement select = c.prepareStatement(
        "SELECT seed FROM idnet_bench.record_loads WHERE platform_id = ? AND account_prefix = ?")) {
      select.setString(1, set.platformId());
      select.setString(2, set.accountPrefix());
      try (ResultSet rs = select.executeQuery()) {
        if (rs.next() && rs.getLong("seed") != set.seed()) {
          throw new IllegalStateException("this database holds accounts " + set.accountPrefix() + "... of "
              + set.platformId() + " loaded with seed " + rs.getLong("seed") + ", not " + set.seed()
              + ": resume with that seed, or use another prefix or data folder");
        }
      }
    }
  }

  private static List<Range> ranges(Connection c, RecordSet set) throws SQLException {
    List<Range> ranges = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement("""
        SELECT first, "end" FROM idnet_bench.record_ranges WHERE platform_id = ? AND account_prefix = ?
        ORDER BY first""")) {
      select.setString(1, set.platformId());
      select.setString(2, set.accountPrefix());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ranges.add(new Range(rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return ranges;
  }
}
