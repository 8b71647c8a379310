package org.idnet.identity.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** How long this replica leaves an import alone after one of its batches failed. */
  static final Duration REST_AFTER_FAILURE = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final AccountIds accountIds;
  /** Imports whose batch failed on this replica, and until when they rest. */
  private final Map<UUID, Instant> resting = new java.util.concurrent.ConcurrentHashMap<>();

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
    resting.values().removeIf(until -> !until.isAfter(at));
    UUID[] taken = new UUID[1];
    try {
      return StoreErrors.translate(() -> transactions.execute(status -> processOnce(rules, at, taken)));
    } catch (RuntimeException e) {
      if (taken[0] != null) {
        // Rolled back whole; taken again after a rest, so one batch that keeps failing (a bug, an odd
        // row) never holds back the imports behind it, which are oldest first.
        resting.put(taken[0], at.plus(REST_AFTER_FAILURE));
        log.warn("import {}: a batch failed and was rolled back; this replica takes the import again in {} s",
            new ImportId(taken[0]), REST_AFTER_FAILURE.toSeconds());
      }
      throw e;
    }
  }

  private Optional<ProcessedBatch> processOnce(ImportLineRules rules, Instant at, UUID[] taken) {
    record Waiting(UUID batch, UUID importId, int batchNumber, String platformId, Integer[] lineNumbers) {
    }
    // One batch of an import at a time, in batch-number order: which line of an account named twice
    // binds is then decided by the stored batches alone, the same on a resumed run as on an
    // uninterrupted one, whatever the replicas. Imports with waiting batches, oldest first, each
    // claimed by a transaction-level advisory lock (not the import's row, which uploads lock).
    List<UUID> imports = jdbc.sql("""
            SELECT import FROM import_batches WHERE processed_at IS NULL AND import <> ALL (?::text[]::uuid[])
            GROUP BY import ORDER BY min(received_at), import LIMIT ?""")
        .param(resting.keySet().stream().map(UUID::toString).toArray(String[]::new))
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
        taken[0] = candidate;
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
    } catch (FieldDecryptionException | ImportUploads.UnreadableUploadException e) {
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
    List<Candidate> valid = new ArrayList<>();
    for (ImportLine line : lines) {
      LineCheck check = rules.check(batch.platformId(), line, at);
      if (check instanceof LineCheck.Valid v) {
        valid.add(new Candidate(v, accountIds.candidates(v.account().platformId(), v.account().accountId())));
      } else {
        outcomes.add(check);
      }
    }
    valid.sort(Comparator.comparing(Candidate::order).thenComparingInt(c -> c.line().line()));
    List<AccountRef> bound = new ArrayList<>();
    outcomes.addAll(apply(batch.importId(), batch.platformId(), valid, at, bound));
    outcomes.sort(Comparator.comparingInt(LineCheck::line));
    return Optional.of(finish(batch.importId(), batch.batch(), batch.batchNumber(), outcomes, bound, at));
  }

  /** A well-formed line with its account's blind indexes under every key, the primary first. */
  private record Candidate(LineCheck.Valid line, List<byte[]> accountIndexes) {

    /** The order accounts are locked in: the primary index's bytes (as hex, so comparable as text). */
    String order() {
      return HexFormat.of().formatHex(accountIndexes.getFirst());
    }
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
    Map<String, Integer> byReason = new java.util.TreeMap<>();
    for (LineCheck outcome : outcomes) {
      if (outcome instanceof LineCheck.Refused r) {
        byReason.merge(r.reason().code(), 1, Integer::sum);
      }
    }
    jdbc.sql("""
            UPDATE import_batches SET processed_at = ?, lines_bound = ?, lines_refused = ?, refused_reasons = ?,
                                      refused_counts = ?
            WHERE id = ?""")
        .param(AccountRows.utc(at)).param(bound.size()).param(refused)
        .param(byReason.keySet().toArray(String[]::new)).param(byReason.values().toArray(Integer[]::new))
        .param(batchId)
        .update();
    return new ProcessedBatch(new ImportId(importId), batchNumber, bound.size(), refused, bound);
  }

  /**
   * Binds the well-formed lines of a batch, in their order (account, then line), or says why not,
   * with a few statements for the whole batch instead of several per line. The outcome of each line
   * is the one it would get applied alone, one after the other in that order: refused
   * {@code number-reassigned-since} if a carrier reported the number disconnected or reassigned
   * after the platform's verification (its account not even created); else its account created if
   * new and locked (in index order, as every binding locks one account, so two batches sharing
   * accounts cannot deadlock); already bound by this very line (its verification id) → bound, nothing
   * twice; the account with an active binding (from before, or an earlier line of this batch) →
   * {@code already-bound}; else a new IMPORTED binding and its account.verification_changed event.
   *
   * @param bound receives the account of every line bound
   */
  private List<LineCheck> apply(UUID importId, String platformId, List<Candidate> candidates, Instant at,
      List<AccountRef> bound) {
    List<LineCheck> outcomes = new ArrayList<>(candidates.size());
    if (candidates.isEmpty()) {
      return outcomes;
    }
    // 1. The platform's proof predates a carrier's report that the number changed hands (or died).
    List<Integer> reportLines = new ArrayList<>();
    List<byte[]> reportNumbers = new ArrayList<>();
    List<Long> reportSince = new ArrayList<>();
    Map<Integer, List<byte[]>> phoneIndexes = new HashMap<>();
    for (Candidate c : candidates) {
      List<byte[]> indexes = blindIndex.candidates(JdbcPhoneBindingStore.PHONE, c.line().phone().e164());
      phoneIndexes.put(c.line().line(), indexes);
      for (byte[] index : indexes) {
        reportLines.add(c.line().line());
        reportNumbers.add(index);
        reportSince.add(micros(c.line().verifiedAt()));
      }
    }
    // No carrier report of these numbers commits until this batch has (NumberLocks).
    NumberLocks.shared(jdbc, phoneIndexes.values().stream().map(List::getFirst).toList());
    Set<Integer> reassigned = new HashSet<>(jdbc.sql("""
            SELECT DISTINCT c.line
            FROM unnest(?::integer[], ?::bytea[], ?::bigint[]) AS c(line, phone, since)
            WHERE EXISTS (SELECT 1 FROM number_events e
                          WHERE e.phone_blind_index = c.phone AND e.type IN ('DISCONNECTED', 'REASSIGNED')
                            AND e.occurred_at > timestamptz 'epoch' + c.since * interval '1 microsecond')""")
        .param(reportLines.toArray(Integer[]::new)).param(reportNumbers.toArray(byte[][]::new))
        .param(reportSince.toArray(Long[]::new))
        .query(Integer.class).list());

    // 2. The accounts of the other lines, created if new, locked.
    Map<AccountRef, List<byte[]>> accounts = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if (!reassigned.contains(c.line().line())) {
        accounts.putIfAbsent(c.line().account(), c.accountIndexes());
      }
    }
    Map<AccountRef, UUID> rows = lockAccounts(platformId, accounts, at);

    // 3. What the accounts hold: active bindings, and bindings of these very lines.
    Map<Integer, String> verificationIds = new HashMap<>();
    for (Candidate c : candidates) {
      verificationIds.put(c.line().line(), "import:" + importId + ":" + c.line().line());
    }
    Set<UUID> active = new HashSet<>();
    Set<String> present = new HashSet<>();
    jdbc.sql("""
            SELECT account, verification_id, revoked_at IS NULL AS active FROM phone_bindings
            WHERE account = ANY (?::text[]::uuid[]) AND (revoked_at IS NULL OR verification_id = ANY (?::text[]))""")
        .param(rows.values().stream().map(UUID::toString).toArray(String[]::new))
        .param(verificationIds.values().toArray(String[]::new))
        .query(rs -> {
          if (rs.getBoolean("active")) {
            active.add(rs.getObject("account", UUID.class));
          }
          present.add(rs.getString("verification_id"));
        });

    // 4. Each line in order, as if alone; the new bindings and their events written together.
    List<String> ids = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<byte[]> numbers = new ArrayList<>();
    List<byte[]> ciphertexts = new ArrayList<>();
    List<String> newVerificationIds = new ArrayList<>();
    List<Long> verifiedAts = new ArrayList<>();
    for (Candidate c : candidates) {
      LineCheck.Valid line = c.line();
      if (reassigned.contains(line.line())) {
        outcomes.add(new LineCheck.Refused(line.line(), ImportRefusal.NUMBER_REASSIGNED_SINCE));
        continue;
      }
      UUID account = rows.get(line.account());
      String verificationId = verificationIds.get(line.line());
      if (present.contains(verificationId)) {
        // This very line was bound before: its binding stands (or was ended since), nothing twice.
        outcomes.add(line);
        bound.add(line.account());
        continue;
      }
      if (!active.add(account)) {
        outcomes.add(new LineCheck.Refused(line.line(), ImportRefusal.ALREADY_BOUND));
        continue;
      }
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      owners.add(account.toString());
      numbers.add(phoneIndexes.get(line.line()).getFirst());
      ciphertexts.add(cipher.encrypt(line.phone().e164(), JdbcPhoneBindingStore.field(id)));
      newVerificationIds.add(verificationId);
      verifiedAts.add(micros(line.verifiedAt()));
      outcomes.add(line);
      bound.add(line.account());
    }
    if (!ids.isEmpty()) {
      jdbc.sql("""
              INSERT INTO phone_bindings (id, account, phone_blind_index, phone_ciphertext, verification_id, bound_at,
                                          source, platform_verified_at)
              SELECT b.id::uuid, b.account::uuid, b.phone, b.ciphertext, b.verification_id, ?, 'imported',
                     timestamptz 'epoch' + b.verified * interval '1 microsecond'
              FROM unnest(?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::text[], ?::bigint[])
                   AS b(id, account, phone, ciphertext, verification_id, verified)""")
          .param(AccountRows.utc(at)).param(ids.toArray(String[]::new)).param(owners.toArray(String[]::new))
          .param(numbers.toArray(byte[][]::new)).param(ciphertexts.toArray(byte[][]::new))
          .param(newVerificationIds.toArray(String[]::new)).param(verifiedAts.toArray(Long[]::new))
          .update();
      OutboxRows.addAll(jdbc, owners, EventType.VERIFICATION_CHANGED, at);
    }
    return outcomes;
  }

  /**
   * The accounts' rows, created where new, each locked until the transaction ends, in the order of
   * their primary index. As {@link AccountRows#lock}: an account is found under any key of the
   * keyset first (the oldest row if several), so a key rotation never gives it a second row.
   */
  private Map<AccountRef, UUID> lockAccounts(String platformId, Map<AccountRef, List<byte[]>> accounts, Instant at) {
    Map<AccountRef, UUID> rows = new HashMap<>();
    Map<AccountRef, List<byte[]>> missing = new LinkedHashMap<>(accounts);
    for (int round = 1; !missing.isEmpty(); round++) {
      lockExisting(platformId, missing, rows);
      missing.keySet().removeAll(rows.keySet());
      if (missing.isEmpty()) {
        break;
      }
      if (round == 2) {
        // Created by another transaction between our insert and our look-up: cannot be, as the
        // insert either wrote the row or met a committed one, which the look-up then sees.
        throw new IllegalStateException(missing.size() + " account row(s) neither created nor found");
      }
      List<String> ids = new ArrayList<>();
      List<byte[]> indexes = new ArrayList<>();
      List<byte[]> ciphertexts = new ArrayList<>();
      for (Map.Entry<AccountRef, List<byte[]>> account : missing.entrySet()) {
        UUID id = UUID.randomUUID();
        ids.add(id.toString());
        indexes.add(account.getValue().getFirst());
        ciphertexts.add(accountIds.encrypt(account.getKey().accountId(), id));
      }
      // Ours until the transaction ends; a conflict (created meanwhile) is found by the next look-up.
      jdbc.sql("""
              INSERT INTO accounts (id, platform_id, account_blind_index, account_id_ciphertext, created_at)
              SELECT a.id::uuid, ?, a.account_index, a.ciphertext, ?
              FROM unnest(?::text[], ?::bytea[], ?::bytea[]) AS a(id, account_index, ciphertext)
              ORDER BY a.account_index
              ON CONFLICT (platform_id, account_blind_index) DO NOTHING""")
          .param(platformId).param(AccountRows.utc(at)).param(ids.toArray(String[]::new))
          .param(indexes.toArray(byte[][]::new)).param(ciphertexts.toArray(byte[][]::new))
          .update();
    }
    return rows;
  }

  /** Finds and locks (in index order) the rows of {@code accounts} that exist, into {@code rows}. */
  private void lockExisting(String platformId, Map<AccountRef, List<byte[]>> accounts, Map<AccountRef, UUID> rows) {
    Map<String, AccountRef> byIndex = new HashMap<>();
    List<byte[]> indexes = new ArrayList<>();
    for (Map.Entry<AccountRef, List<byte[]>> account : accounts.entrySet()) {
      for (byte[] index : account.getValue()) {
        byIndex.put(HexFormat.of().formatHex(index), account.getKey());
        indexes.add(index);
      }
    }
    record Row(UUID id, String index, java.time.OffsetDateTime createdAt) {
    }
    List<Row> found = jdbc.sql("""
            SELECT id, account_blind_index, created_at FROM accounts
            WHERE platform_id = ? AND account_blind_index = ANY (?)
            ORDER BY account_blind_index FOR UPDATE""")
        .param(platformId).param(indexes.toArray(byte[][]::new))
        .query((rs, n) -> new Row(rs.getObject("id", UUID.class),
            HexFormat.of().formatHex(rs.getBytes("account_blind_index")),
            rs.getObject("created_at", java.time.OffsetDateTime.class)))
        .list();
    Map<AccountRef, Row> oldest = new HashMap<>();
    for (Row row : found) {
      oldest.merge(byIndex.get(row.index()), row, (a, b) -> b.createdAt().isBefore(a.createdAt()) ? b : a);
    }
    oldest.forEach((account, row) -> rows.put(account, row.id()));
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
