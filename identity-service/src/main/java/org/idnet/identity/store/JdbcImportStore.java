package org.idnet.identity.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.BatchReceipt;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ImportBatch;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLimits;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.ImportProgress;
import org.idnet.identity.domain.ImportRefusal;
import org.idnet.identity.domain.ImportReports;
import org.idnet.identity.domain.ImportStatus;
import org.idnet.identity.domain.ImportStore;
import org.idnet.identity.domain.LineRefusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports, their batches and what came of them, in PostgreSQL ({@code V11__account_imports.sql}).
 * Every statement names the caller's platform, so another platform's import is never found.
 * Batches of one import are added one at a time (the import's row is locked), which makes the
 * repeat, completion and overlap checks exact. A batch's lines are stored as one AEAD ciphertext
 * whose associated data names {@code import_uploads.lines_ciphertext} and the batch's row.
 * {@link ImportLimits} bound what a platform keeps here: imports open at once (counted under a
 * transaction-level advisory lock per platform, so parallel creations cannot pass it together) and
 * batches waiting for processing (counted under the import's row lock: parallel uploads to several
 * open imports of one platform may pass it by at most one batch each).
 */
public final class JdbcImportStore implements ImportStore, ImportReports {

  static final String UPLOADS = "import_uploads";
  static final String LINES_COLUMN = "lines_ciphertext";
  /** The advisory locks' first key, reserved for creating a platform's imports (the second: its id's hash). */
  static final int PLATFORM_LOCK_CLASS = 0x1d4e_1a02;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final TransactionTemplate snapshots;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final ImportLimits limits;

  public JdbcImportStore(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex, ImportLimits limits) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    // A progress report's counts come from several statements: one snapshot keeps them consistent.
    this.snapshots = new TransactionTemplate(transactionManager);
    snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    snapshots.setReadOnly(true);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.limits = limits;
  }

  @Override
  public ImportProgress create(String platformId, Optional<String> idempotencyKey, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return StoreErrors.translate(() -> transactions.execute(status -> {
      // Creations of one platform take turns: a repeat of a key in parallel finds the first one's
      // import committed, and the count of open imports cannot be passed by two at once.
      jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").param(PLATFORM_LOCK_CLASS).param(platformId.hashCode())
          .query((rs, n) -> 1).list();
      Optional<UUID> earlier = idempotencyKey.flatMap(key -> jdbc.sql("""
              SELECT id FROM account_imports WHERE platform_id = ? AND idempotency_key = ?""")
          .param(platformId).param(key).query(UUID.class).optional());
      if (earlier.isPresent()) {
        return progressOf(platformId, new ImportId(earlier.get()));
      }
      int open = jdbc.sql("SELECT count(*) FROM account_imports WHERE platform_id = ? AND completed_at IS NULL")
          .param(platformId).query(Integer.class).single();
      if (open >= limits.maxOpenImports()) {
        throw IdentityException.of(FailureReason.TOO_MANY_OPEN_IMPORTS, "the platform has " + open
            + " imports open, as many as it may: complete one (POST /v1/imports/{id}/complete) first");
      }
      ImportId fresh = ImportId.random();
      jdbc.sql("""
              INSERT INTO account_imports (id, platform_id, idempotency_key, created_at)
              VALUES (?, ?, ?, ?)""")
          .param(fresh.uuid()).param(platformId).param(idempotencyKey.orElse(null)).param(AccountRows.utc(at))
          .update();
      return progressOf(platformId, fresh);
    }));
  }

  @Override
  public BatchReceipt addBatch(ImportBatch batch, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    byte[] plaintext = ImportUploads.serialize(batch.lines());
    List<byte[]> hashes = blindIndex.candidates(ImportUploads.HASH_PURPOSE, ImportUploads.hashInput(plaintext));
    return StoreErrors.translate(() -> transactions.execute(status -> {
      Optional<OffsetDateTime> completedAt = jdbc.sql("""
              SELECT completed_at FROM account_imports WHERE id = ? AND platform_id = ? FOR UPDATE""")
          .param(batch.importId().uuid()).param(batch.platformId())
          .query((rs, n) -> Optional.ofNullable(rs.getObject("completed_at", OffsetDateTime.class)))
          .optional().orElseThrow(JdbcImportStore::notFound);
      record Stored(BatchReceipt receipt, byte[] hash) {
      }
      Optional<Stored> stored = jdbc.sql("""
              SELECT batch_number, line_count, first_line, last_line, received_at, content_hash
              FROM import_batches WHERE import = ? AND batch_number = ?""")
          .param(batch.importId().uuid()).param(batch.batchNumber())
          .query((rs, n) -> new Stored(receipt(batch.importId(), rs), rs.getBytes("content_hash"))).optional();
      if (stored.isPresent()) {
        if (hashes.stream().noneMatch(hash -> Arrays.equals(hash, stored.get().hash()))) {
          throw IdentityException.of(FailureReason.BATCH_DIFFERS,
              "batch " + batch.batchNumber() + " was received with other lines; a batch is never replaced");
        }
        return stored.get().receipt();
      }
      if (completedAt.isPresent()) {
        throw IdentityException.of(FailureReason.IMPORT_COMPLETED, "the import was completed: no batch follows");
      }
      boolean overlaps = jdbc.sql("""
              SELECT EXISTS (SELECT 1 FROM import_batches WHERE import = ? AND first_line <= ? AND last_line >= ?)""")
          .param(batch.importId().uuid()).param(batch.lastLine()).param(batch.firstLine())
          .query(Boolean.class).single();
      if (overlaps) {
        throw IdentityException.of(FailureReason.LINE_NUMBERS_OVERLAP,
            "another batch of the import covers some of these line numbers");
      }
      int waiting = jdbc.sql("""
              SELECT count(*) FROM import_batches b JOIN account_imports i ON i.id = b.import
              WHERE b.processed_at IS NULL AND i.platform_id = ?""")
          .param(batch.platformId()).query(Integer.class).single();
      if (waiting >= limits.maxWaitingBatches()) {
        throw IdentityException.limited(FailureReason.IMPORT_BACKLOG_FULL, "the platform's " + waiting
            + " batches waiting for processing are as many as idnet keeps; send this one again after Retry-After",
            limits.backlogRetryAfter());
      }
      UUID id = UUID.randomUUID();
      jdbc.sql("""
              INSERT INTO import_batches (id, import, batch_number, first_line, last_line, line_count, line_numbers,
                                          content_hash, received_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .param(id).param(batch.importId().uuid()).param(batch.batchNumber()).param(batch.firstLine())
          .param(batch.lastLine()).param(batch.lines().size())
          .param(batch.lines().stream().map(ImportLine::line).toArray(Integer[]::new))
          .param(hashes.getFirst()).param(AccountRows.utc(at))
          .update();
      jdbc.sql("INSERT INTO import_uploads (batch, lines_ciphertext) VALUES (?, ?)")
          .param(id).param(cipher.encryptBytes(plaintext, upload(id)))
          .update();
      return new BatchReceipt(batch.importId(), batch.batchNumber(), batch.lines().size(), batch.firstLine(),
          batch.lastLine(), at);
    }));
  }

  @Override
  public ImportProgress complete(String platformId, ImportId id, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return StoreErrors.translate(() -> transactions.execute(status -> {
      int found = jdbc.sql("""
              UPDATE account_imports SET completed_at = coalesce(completed_at, ?) WHERE id = ? AND platform_id = ?""")
          .param(AccountRows.utc(at)).param(id.uuid()).param(platformId).update();
      if (found == 0) {
        throw notFound();
      }
      return progressOf(platformId, id);
    }));
  }

  @Override
  public ImportProgress progress(String platformId, ImportId id) {
    return StoreErrors.translate(() -> snapshots.execute(status -> progressOf(platformId, id)));
  }

  @Override
  public List<LineRefusal> refusals(String platformId, ImportId id, int afterLine, int limit) {
    return StoreErrors.translate(() -> snapshots.execute(status -> {
      owned(platformId, id);
      return jdbc.sql("""
              SELECT line, reason FROM import_line_outcomes
              WHERE import = ? AND outcome = 'refused' AND line > ? ORDER BY line LIMIT ?""")
          .param(id.uuid()).param(afterLine).param(limit)
          .query((rs, n) -> new LineRefusal(rs.getInt("line"), ImportRefusal.ofCode(rs.getString("reason"))))
          .list();
    }));
  }

  private void owned(String platformId, ImportId id) {
    jdbc.sql("SELECT id FROM account_imports WHERE id = ? AND platform_id = ?")
        .param(id.uuid()).param(platformId).query(UUID.class).optional().orElseThrow(JdbcImportStore::notFound);
  }

  private ImportProgress progressOf(String platformId, ImportId id) {
    record Counts(Instant createdAt, Optional<Instant> completedAt, int batches, long received, long bound,
        long refused, boolean waiting) {
    }
    Counts counts = jdbc.sql("""
            SELECT i.created_at, i.completed_at, c.batches, c.received, c.bound, c.refused, c.waiting
            FROM account_imports i,
                 LATERAL (SELECT count(*)::int AS batches,
                                 coalesce(sum(b.line_count), 0)::bigint AS received,
                                 coalesce(sum(b.lines_bound), 0)::bigint AS bound,
                                 coalesce(sum(b.lines_refused), 0)::bigint AS refused,
                                 coalesce(bool_or(b.processed_at IS NULL), false) AS waiting
                          FROM import_batches b WHERE b.import = i.id) c
            WHERE i.id = ? AND i.platform_id = ?""")
        .param(id.uuid()).param(platformId)
        .query((rs, n) -> new Counts(rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            Optional.ofNullable(rs.getObject("completed_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
            rs.getInt("batches"), rs.getLong("received"), rs.getLong("bound"), rs.getLong("refused"),
            rs.getBoolean("waiting")))
        .optional().orElseThrow(JdbcImportStore::notFound);
    Map<ImportRefusal, Long> refusals = new EnumMap<>(ImportRefusal.class);
    // Counted per batch when it was processed: the cost of a report grows with the batches, not with
    // the refused lines.
    jdbc.sql("""
            SELECT r.reason, sum(r.lines) AS lines
            FROM import_batches b, unnest(b.refused_reasons, b.refused_counts) AS r(reason, lines)
            WHERE b.import = ? AND b.processed_at IS NOT NULL GROUP BY r.reason""")
        .param(id.uuid())
        .query(rs -> {
          refusals.put(ImportRefusal.ofCode(rs.getString("reason")), rs.getLong("lines"));
        });
    ImportStatus status = counts.completedAt().isEmpty() ? ImportStatus.OPEN
        : counts.waiting() ? ImportStatus.PROCESSING : ImportStatus.DONE;
    return new ImportProgress(id, status, counts.createdAt(), counts.completedAt(), counts.batches(),
        counts.received(), counts.bound(), counts.refused(), refusals);
  }

  private static BatchReceipt receipt(ImportId importId, ResultSet rs) throws SQLException {
    return new BatchReceipt(importId, rs.getInt("batch_number"), rs.getInt("line_count"), rs.getInt("first_line"),
        rs.getInt("last_line"), rs.getObject("received_at", OffsetDateTime.class).toInstant());
  }

  /** Where a batch's lines are encrypted: the AEAD's associated data. */
  static FieldRef upload(UUID batch) {
    return new FieldRef(UPLOADS, LINES_COLUMN, batch);
  }

  private static IdentityException notFound() {
    return IdentityException.of(FailureReason.IMPORT_NOT_FOUND, "no import of this platform has this id");
  }
}
