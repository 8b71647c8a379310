package org.idnet.identity.store;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.ImportLineRules;
import org.idnet.identity.domain.ImportQueue;
import org.idnet.identity.domain.ImportRefusal;
import org.idnet.identity.domain.LineCheck;
import org.idnet.identity.domain.ProcessedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes uploaded import batches ({@code V11__account_imports.sql}), one batch per transaction:
 * each line bound as an IMPORTED phone binding or refused with a reason, each line's outcome
 * recorded, the upload deleted and the batch marked processed. Any failure rolls all of it back: the
 * batch waits again, untouched, and processing it again ends in the same state. The batches of one
 * import are processed one at a time, in batch-number order (a transaction-level advisory lock per
 * import, taken with pg_try_advisory_xact_lock: replicas never wait, they take another import), so
 * the end state depends on the stored batches only, not on timing; imports are processed in
 * parallel.
 *
 * <p>Lines are applied in the order of their account's blind index (then line number), so two
 * batches sharing accounts lock them in the same order. Each binding's verification id is
 * {@code import:<import>:<line>}: a line bound once is never bound twice.
 */
public final class JdbcImportQueue implements ImportQueue {

  private static final Logger log = LoggerFactory.getLogger(JdbcImportQueue.class);
  /** The advisory locks' first key, reserved for imports being processed (the second: the import's hash). */
  static final int LOCK_CLASS = 0x1d4e_1a01;
  /** Imports with waiting batches looked at per transaction: more than replicas ever run at once. */
  private static final int CANDIDATE_IMPORTS = 32;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final AccountIds accountIds;

  public JdbcImportQueue(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public Optional<ProcessedBatch> processNext(ImportLineRules rules, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return StoreErrors.translate(() -> transactions.execute(status -> processOnce(rules, at)));
  }

  private Optional<ProcessedBatch> processOnce(ImportLineRules rules, Instant at) {
    record Waiting(UUID batch, UUID importId, int batchNumber, String platformId, Integer[] lineNumbers) {
    }
    // One batch of an import at a time, in batch-number order: which line of an account named twice
    // binds is then decided by the stored batches alone, the same on a resumed run as on an
    // uninterrupted one, whatever the replicas. Imports with waiting batches, oldest first, each
    // claimed by a transaction-level advisory lock (not the import's row, which uploads lock).
    List<UUID> imports = jdbc.sql("""
            SELECT import FROM import_batches WHERE processed_at IS NULL
            GROUP BY import ORDER BY min(received_at), import LIMIT ?""")
        .param(CANDIDATE_IMPORTS).query(UUID.class).list();
    Optional<Waiting> next = Optional.empty();
    for (UUID candidate : imports) {
      boolean ours = jdbc.sql("SELECT pg_try_advisory_xact_lock(?, ?)")
          .param(LOCK_CLASS).param(candidate.hashCode()).query(Boolean.class).single();
      if (!ours) {
        continue;
      }
      next = jdbc.sql("""
              SELECT b.id, b.import, b.batch_number, i.platform_id, b.line_numbers
              FROM import_batches b JOIN account_imports i ON i.id = b.import
              WHERE b.import = ? AND b.processed_at IS NULL
              ORDER BY b.batch_number LIMIT 1
              FOR UPDATE OF b SKIP LOCKED""")
          .param(candidate)
          .query((rs, n) -> new Waiting(rs.getObject("id", UUID.class), rs.getObject("import", UUID.class),
              rs.getInt("batch_number"), rs.getString("platform_id"),
              (Integer[]) rs.getArray("line_numbers").getArray()))
          .optional();
      if (next.isPresent()) {
        break;
      }
    }
    if (next.isEmpty()) {
      return Optional.empty();
    }
    Waiting batch = next.get();
    byte[] ciphertext = jdbc.sql("SELECT lines_ciphertext FROM import_uploads WHERE batch = ?")
        .param(batch.batch()).query(byte[].class).single();
    List<ImportLine> lines;
    try {
      lines = ImportUploads.parse(cipher.decryptBytes(ciphertext, JdbcImportStore.upload(batch.batch())));
    } catch (FieldDecryptionException | IllegalStateException | UncheckedIOException e) {
      // Waiting for a key that is gone would block every batch behind this one: its lines are
      // refused instead, by the line numbers kept outside the ciphertext. Nothing of the content is logged.
      log.error("import {} batch {}: the upload does not open ({}), its {} line(s) refused unreadable-upload",
          new ImportId(batch.importId()), batch.batchNumber(), e.getClass().getSimpleName(), batch.lineNumbers().length);
      List<LineCheck> refused = new ArrayList<>();
      for (Integer line : batch.lineNumbers()) {
        refused.add(new LineCheck.Refused(line, ImportRefusal.UNREADABLE_UPLOAD));
      }
      return Optional.of(finish(batch.importId(), batch.batch(), batch.batchNumber(), refused, List.of(), at));
    }

    List<LineCheck> outcomes = new ArrayList<>(lines.size());
    record Candidate(LineCheck.Valid line, String order) {
    }
    List<Candidate> valid = new ArrayList<>();
    for (ImportLine line : lines) {
      LineCheck check = rules.check(batch.platformId(), line, at);
      if (check instanceof LineCheck.Valid v) {
        valid.add(new Candidate(v, HexFormat.of().formatHex(
            accountIds.index(batch.platformId(), v.account().accountId()))));
      } else {
        outcomes.add(check);
      }
    }
    valid.sort(Comparator.comparing(Candidate::order).thenComparingInt(c -> c.line().line()));
    List<AccountRef> bound = new ArrayList<>();
    for (Candidate candidate : valid) {
      LineCheck outcome = apply(batch.importId(), candidate.line(), at);
      outcomes.add(outcome);
      if (outcome instanceof LineCheck.Valid) {
        bound.add(candidate.line().account());
      }
    }
    outcomes.sort(Comparator.comparingInt(LineCheck::line));
    return Optional.of(finish(batch.importId(), batch.batch(), batch.batchNumber(), outcomes, bound, at));
  }

  /** Records each line's outcome, deletes the upload and marks the batch processed. */
  private ProcessedBatch finish(UUID importId, UUID batchId, int batchNumber, List<LineCheck> outcomes,
      List<AccountRef> bound, Instant at) {
    Integer[] lineNumbers = outcomes.stream().map(LineCheck::line).toArray(Integer[]::new);
    String[] kinds = outcomes.stream().map(o -> o instanceof LineCheck.Valid ? "bound" : "refused")
        .toArray(String[]::new);
    String[] reasons = outcomes.stream()
        .map(o -> o instanceof LineCheck.Refused r ? r.reason().code() : null).toArray(String[]::new);
    jdbc.sql("""
            INSERT INTO import_line_outcomes (import, line, batch, outcome, reason)
            SELECT ?, o.line, ?, o.outcome, o.reason FROM unnest(?::integer[], ?::text[], ?::text[]) AS o(line, outcome, reason)""")
        .param(importId).param(batchId).param(lineNumbers).param(kinds).param(reasons)
        .update();
    jdbc.sql("DELETE FROM import_uploads WHERE batch = ?").param(batchId).update();
    int refused = outcomes.size() - bound.size();
    jdbc.sql("UPDATE import_batches SET processed_at = ?, lines_bound = ?, lines_refused = ? WHERE id = ?")
        .param(AccountRows.utc(at)).param(bound.size()).param(refused).param(batchId)
        .update();
    return new ProcessedBatch(new ImportId(importId), batchNumber, bound.size(), refused, bound);
  }

  /** Binds one well-formed line, or says why not: the line itself as it was if bound. */
  private LineCheck apply(UUID importId, LineCheck.Valid line, Instant at) {
    List<byte[]> phones = blindIndex.candidates(JdbcPhoneBindingStore.PHONE, line.phone().e164());
    byte[][] phoneIndexes = phones.toArray(byte[][]::new);
    Instant verifiedAt = line.verifiedAt().truncatedTo(ChronoUnit.MICROS);
    // The platform's proof predates a carrier's report that the number changed hands (or died).
    boolean reassigned = jdbc.sql("""
            SELECT EXISTS (SELECT 1 FROM number_events
                           WHERE phone_blind_index = ANY (?) AND type IN ('DISCONNECTED', 'REASSIGNED')
                             AND occurred_at > ?)""")
        .param(phoneIndexes).param(AccountRows.utc(verifiedAt))
        .query(Boolean.class).single();
    if (reassigned) {
      return new LineCheck.Refused(line.line(), ImportRefusal.NUMBER_REASSIGNED_SINCE);
    }
    UUID account = AccountRows.lock(jdbc, accountIds, line.account(), at);
    String verificationId = "import:" + importId + ":" + line.line();
    record Existing(String verificationId) {
    }
    List<Existing> existing = jdbc.sql("""
            SELECT verification_id FROM phone_bindings
            WHERE account = ? AND (revoked_at IS NULL OR verification_id = ?)""")
        .param(account).param(verificationId)
        .query((rs, n) -> new Existing(rs.getString("verification_id"))).list();
    if (existing.stream().anyMatch(e -> e.verificationId().equals(verificationId))) {
      // This very line was bound before: its binding stands (or was ended since), nothing twice.
      return line;
    }
    if (!existing.isEmpty()) {
      return new LineCheck.Refused(line.line(), ImportRefusal.ALREADY_BOUND);
    }
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            INSERT INTO phone_bindings (id, account, phone_blind_index, phone_ciphertext, verification_id, bound_at,
                                        source, platform_verified_at)
            VALUES (?, ?, ?, ?, ?, ?, 'imported', ?)""")
        .param(id)
        .param(account)
        .param(phones.getFirst())
        .param(cipher.encrypt(line.phone().e164(), JdbcPhoneBindingStore.field(id)))
        .param(verificationId)
        .param(AccountRows.utc(at))
        .param(AccountRows.utc(verifiedAt))
        .update();
    OutboxRows.add(jdbc, account, EventType.VERIFICATION_CHANGED, at);
    return line;
  }
}
