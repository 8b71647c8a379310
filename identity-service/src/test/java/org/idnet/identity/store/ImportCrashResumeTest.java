package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.unique;

import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.junit.jupiter.api.Test;

/**
 * Done means (issue 15): an import with a crash in the middle resumed to the exact same end state.
 * The same lines are imported for two platforms: one processed without interruption; the other by a
 * separate JVM killed with SIGKILL while it processes, then resumed here. Both end alike, line by
 * line: outcomes, bindings, events; nothing is left waiting and no upload remains. The size is
 * {@code -Didnet.import-crash.batches} batches of 500 lines (default 200: the 100,000
 * lines, about 20 s; 16 for a quick 8,000).
 */
class ImportCrashResumeTest {

  static final int BATCHES = Integer.getInteger("idnet.import-crash.batches", 200);
  static final int LINES_PER_BATCH = 500;
  static final Instant VERIFIED = NOW.minus(Duration.ofDays(7));
  static final Instant PROCESSING = NOW.plusSeconds(60);

  @Test
  void importWhenTheProcessorIsKilledMidwayThenResumingEndsExactlyAsAnUninterruptedImport() throws Exception {
    Path keysDir = Files.createTempDirectory("identity-keys");
    KeyProvider keys = VaultKeysets.plain(keysDir, true);
    HikariDataSource dataSource = TestDatabase.migrated("identity_import_crash");
    try (ImportFixture f = new ImportFixture(new StoreFixture(dataSource, keys))) {
      String control = unique("control");
      String crashing = unique("crashing");
      List<List<ImportLine>> batches = lines();
      ImportId calm = upload(f, control, batches);
      f.drain(PROCESSING);
      ImportId id = upload(f, crashing, batches);

      Process processor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ImportProcessingMain.class.getName(),
          dataSource.getJdbcUrl(), keysDir.toString(), Long.toString(PROCESSING.getEpochSecond()))
          .redirectErrorStream(true)
          .redirectOutput(File.createTempFile("import-processor", ".log"))
          .start();
      int doneAtKill;
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        do {
          Thread.sleep(20);
          doneAtKill = processed(f, id);
        } while (doneAtKill < 2 && processor.isAlive() && System.nanoTime() < deadline);
      } finally {
        processor.destroyForcibly();
        processor.waitFor(30, TimeUnit.SECONDS);
      }
      int afterKill = processed(f, id);

      assertThat(afterKill).as("the processor was killed midway").isBetween(2, BATCHES - 1);
      // What the killed process had in flight was rolled back whole: every line of a batch or none.
      assertThat(f.db.count("SELECT count(*)::int FROM import_line_outcomes WHERE import = ?", id.uuid()))
          .isEqualTo(afterKill * LINES_PER_BATCH);
      assertThat(f.db.count("SELECT count(*)::int FROM phone_bindings WHERE verification_id LIKE ?",
          "import:" + id.uuid() + ":%")).isEqualTo(f.db.count("""
              SELECT count(*)::int FROM import_line_outcomes WHERE import = ? AND outcome = 'bound'""", id.uuid()));

      f.drain(PROCESSING);

      assertThat(processed(f, id)).isEqualTo(BATCHES);
      assertThat(outcomes(f, id)).isEqualTo(outcomes(f, calm)).hasSize(BATCHES * LINES_PER_BATCH);
      assertThat(bindings(f, id)).isEqualTo(bindings(f, calm));
      assertThat(events(f, crashing)).isEqualTo(events(f, control)).isPositive();
      assertThat(f.db.count("""
          SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch
          WHERE b.import IN (?, ?)""", id.uuid(), calm.uuid())).isZero();
    }
  }

  /** Accounts repeat (already-bound), some numbers are not E.164: every outcome kind in each batch. */
  static List<List<ImportLine>> lines() {
    List<List<ImportLine>> batches = new ArrayList<>();
    int accounts = BATCHES * LINES_PER_BATCH * 9 / 10;
    for (int b = 0; b < BATCHES; b++) {
      List<ImportLine> lines = new ArrayList<>();
      for (int i = 0; i < LINES_PER_BATCH; i++) {
        int n = b * LINES_PER_BATCH + i + 1;
        String phone = n % 50 == 0 ? "0912" + n : "+849" + (10_000_000 + n);
        lines.add(line(n, "acct-" + ((n * 7919L) % accounts), phone, VERIFIED));
      }
      batches.add(lines);
    }
    return batches;
  }

  static ImportId upload(ImportFixture f, String platform, List<List<ImportLine>> batches) {
    ImportId id = f.open(platform);
    for (int b = 0; b < batches.size(); b++) {
      f.imports.addBatch(batch(platform, id, b + 1, batches.get(b)), NOW);
    }
    return id;
  }

  static int processed(ImportFixture f, ImportId id) {
    return f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ? AND processed_at IS NOT NULL",
        id.uuid());
  }

  static List<String> outcomes(ImportFixture f, ImportId id) {
    return f.db.jdbc.sql("SELECT line, outcome, reason FROM import_line_outcomes WHERE import = ? ORDER BY line")
        .param(id.uuid())
        .query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)).list();
  }

  /** Each bound line's binding: line, source, the platform's date, whether ended. */
  static List<String> bindings(ImportFixture f, ImportId id) {
    return f.db.jdbc.sql("""
            SELECT split_part(verification_id, ':', 3)::int AS line, source, platform_verified_at, revoked_at IS NULL
            FROM phone_bindings WHERE verification_id LIKE ? ORDER BY 1""")
        .param("import:" + id.uuid() + ":%")
        .query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getObject(3, java.time.OffsetDateTime.class)
            .toInstant() + " " + rs.getBoolean(4)).list();
  }

  static int events(ImportFixture f, String platform) {
    return f.db.count("""
        SELECT count(*)::int FROM event_outbox e JOIN accounts a ON a.id = e.account WHERE a.platform_id = ?""",
        platform);
  }
}
