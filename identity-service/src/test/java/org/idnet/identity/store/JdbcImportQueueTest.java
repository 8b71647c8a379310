package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.idnet.identity.store.ImportFixture.RULES;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.freshPhone;
import static org.idnet.identity.store.ImportFixture.goodLines;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.PhoneStanding;
import org.idnet.identity.domain.ProcessedBatch;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Processing of import batches against a real PostgreSQL: the rules of each line, bindings marked
 * imported with the platform's date and announced in the batch's transaction, a failure mid-batch
 * rolled back whole and redone to the same end state, each line bound at most once, batches taken
 * by one processor at a time.
 */
class JdbcImportQueueTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
  static final Instant LATER = NOW.plusSeconds(60);
  static ImportFixture f;

  @BeforeAll
  static void start() {
    f = new ImportFixture("identity_import_queue");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @BeforeEach
  void nothingWaits() {
    f.drain(NOW);
  }

  @Test
  void processWhenLinesWellFormedThenImportedBindingsWithThePlatformsDateAndOneEventEach() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(1, 3, VERIFIED);
    f.imports.addBatch(batch(platform, id, 1, lines), NOW);

    Optional<ProcessedBatch> processed = f.queue.processNext(RULES, LATER);

    assertThat(processed).isPresent();
    assertThat(processed.get().linesBound()).isEqualTo(3);
    assertThat(processed.get().boundAccounts()).containsExactlyInAnyOrderElementsOf(
        lines.stream().map(l -> new AccountRef(platform, l.accountId())).toList());
    for (ImportLine l : lines) {
      AccountRef account = new AccountRef(platform, l.accountId());
      assertThat(f.db.store.standing(account)).isEqualTo(new PhoneStanding.Active(VERIFIED,
          org.idnet.identity.domain.PhoneSource.IMPORTED, Optional.empty()));
      assertThat(f.db.store.activePhone(account)).contains(new PhoneNumber(l.phoneNumber()));
      assertThat(bindingOf(id, l.line())).isEqualTo(new Binding("imported", VERIFIED, false));
      assertThat(events(platform, l.accountId())).isEqualTo(1);
    }
    Map<String, AccountStanding> standings = f.db.standings.read(platform, List.of(lines.getFirst().accountId()), LATER);
    assertThat(standings.get(lines.getFirst().accountId()).level()).isEqualTo(VerificationLevel.PHONE);
    assertThat(outcomes(id)).containsExactly("1 bound null", "2 bound null", "3 bound null");
  }

  @Test
  void processWhenAccountAlreadyBoundThenRefusedAndTheOtpBindingStays() {
    String platform = unique("platform");
    String account = unique("otp-user");
    String otpPhone = freshPhone();
    f.db.store.bind(request(platform, account, otpPhone, unique("v")), NOW);
    ImportId id = f.open(platform);
    String twice = unique("twice");
    f.imports.addBatch(batch(platform, id, 1, List.of(
        line(1, account, freshPhone(), VERIFIED),
        line(2, twice, freshPhone(), VERIFIED),
        line(3, twice, freshPhone(), VERIFIED))), NOW);

    f.queue.processNext(RULES, LATER);

    assertThat(outcomes(id)).containsExactly("1 refused already-bound", "2 bound null", "3 refused already-bound");
    assertThat(f.db.store.activePhone(new AccountRef(platform, account))).contains(new PhoneNumber(otpPhone));
    assertThat(f.db.count("""
        SELECT count(*)::int FROM phone_bindings b JOIN accounts a ON a.id = b.account
        WHERE a.platform_id = ? AND a.account_blind_index = ? AND b.source = 'otp' AND b.revoked_at IS NULL""",
        platform, f.db.index(platform, account))).isEqualTo(1);
    assertThat(f.db.bindings(platform, twice)).isEqualTo(1);
  }

  @Test
  void processWhenCarrierReportedTheNumberAfterThePlatformVerifiedItThenRefused() {
    String platform = unique("platform");
    String reassigned = freshPhone();
    String disconnectedBefore = freshPhone();
    f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(reassigned), NumberEventType.REASSIGNED,
        VERIFIED.plusSeconds(1)), NOW);
    // Reported gone before the platform's verification: the platform verified the new holder.
    f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(disconnectedBefore),
        NumberEventType.DISCONNECTED, VERIFIED.minusSeconds(1)), NOW);
    ImportId id = f.open(platform);
    String refusedAccount = unique("a");
    f.imports.addBatch(batch(platform, id, 1, List.of(
        line(1, refusedAccount, reassigned, VERIFIED),
        line(2, unique("b"), disconnectedBefore, VERIFIED))), NOW);

    f.queue.processNext(RULES, LATER);

    assertThat(outcomes(id)).containsExactly("1 refused number-reassigned-since", "2 bound null");
    // A refused line creates nothing, not even the account.
    assertThat(f.db.accounts(platform, refusedAccount)).isZero();
  }

  @Test
  void carrierEventWhenReportedLateForAMomentBetweenThePlatformsProofAndTheImportThenEndsTheImportedBinding() {
    String platform = unique("platform");
    String phone = freshPhone();
    String account = unique("late");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, phone, VERIFIED))), NOW);
    f.queue.processNext(RULES, LATER);

    f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.REASSIGNED,
        VERIFIED.plus(Duration.ofDays(1))), LATER.plusSeconds(60));

    assertThat(f.db.activeBindings(platform, account)).isZero();
    assertThat(f.db.revokeReasons(platform, account)).containsExactly("number-reassigned");
  }

  @Test
  void carrierEventWhenTheImportSpelledTheNumberWithATrunkPrefixThenStillEndsTheImportedBinding() {
    String platform = unique("platform");
    String phone = freshPhone();
    String account = unique("spelled");
    ImportId id = f.open(platform);
    // +84 0 98...: the same number as +84 98..., as libphonenumber reads it; bound in that form.
    String spelled = "+840" + phone.substring(3);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, spelled, VERIFIED))), NOW);
    f.queue.processNext(RULES, LATER);
    assertThat(f.db.activeBindings(platform, account)).isEqualTo(1);

    f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.REASSIGNED,
        VERIFIED.plus(Duration.ofDays(1))), LATER.plusSeconds(60));

    assertThat(f.db.activeBindings(platform, account)).isZero();
    assertThat(f.db.revokeReasons(platform, account)).containsExactly("number-reassigned");
  }

  @Test
  void processWhenABatchKeepsFailingThenImportsBehindItGoOn() {
    String stuckPlatform = unique("platform");
    ImportId stuck = f.open(stuckPlatform);
    f.imports.addBatch(batch(stuckPlatform, stuck, 1, goodLines(1, 3, VERIFIED)), NOW);
    // An outcome already there for line 2: the batch's insert of its outcomes fails, every time.
    f.db.owner.sql("""
        INSERT INTO import_line_outcomes (import, line, batch, outcome, reason)
        SELECT import, 2, id, 'refused', 'already-bound' FROM import_batches WHERE import = ?""")
        .param(stuck.uuid()).update();
    String otherPlatform = unique("platform");
    ImportId behind = f.open(otherPlatform);
    f.imports.addBatch(batch(otherPlatform, behind, 1, goodLines(1, 3, VERIFIED)), NOW.plusSeconds(1));
    Instant at = LATER.plusSeconds(3600);

    Throwable failed;
    int processed;
    try {
      failed = catchThrowable(() -> f.drain(at));
      processed = f.drain(at.plusSeconds(1));
    } finally {
      // Left processable for the other cases of this class, which share the database.
      f.db.owner.sql("DELETE FROM import_line_outcomes WHERE import = ?").param(stuck.uuid()).update();
    }

    assertThat(failed).isNotNull();
    assertThat(processed).isPositive();
    assertThat(f.imports.progress(otherPlatform, behind).linesBound()).isEqualTo(3);
    assertThat(f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ? AND processed_at IS NULL",
        stuck.uuid())).isEqualTo(1);
    f.drain(at.plus(JdbcImportQueue.REST_AFTER_FAILURE).plusSeconds(2));
    assertThat(f.imports.progress(stuckPlatform, stuck).linesBound()).isEqualTo(3);
  }

  /**
   * A carrier's report and an import batch of its number never interleave (NumberLocks): were a
   * report to commit while a batch is in flight, neither would see the other and the imported
   * binding, proved before the recycling, would stand. Here a transaction holds what each side
   * takes; the other side waits for its end.
   */
  @Test
  void carrierReportWhenABatchOfItsNumberIsInFlightThenWaitsForItAndEndsItsBinding() throws Exception {
    String platform = unique("platform");
    String phone = freshPhone();
    String account = unique("race");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, phone, VERIFIED))), NOW);
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Connection batchInFlight = f.db.dataSource.getConnection()) {
      batchInFlight.setAutoCommit(false);
      lock(batchInFlight, "pg_advisory_xact_lock_shared", phone);
      var report = pool.submit(() -> f.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone),
          NumberEventType.REASSIGNED, VERIFIED.plus(Duration.ofDays(1))), LATER.plusSeconds(60)));
      Thread.sleep(300);
      assertThat(report).as("the report waits for the batch in flight").isNotDone();
      batchInFlight.commit();
      report.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    f.queue.processNext(RULES, LATER.plusSeconds(61));

    assertThat(f.db.activeBindings(platform, account)).isZero();
    assertThat(f.queue.processNext(RULES, LATER.plusSeconds(62))).isEmpty();
  }

  @Test
  void importBatchWhenAReportOfItsNumberIsInFlightThenWaitsAndIsRefusedBecauseOfIt() throws Exception {
    String platform = unique("platform");
    String phone = freshPhone();
    String account = unique("race");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, phone, VERIFIED))), NOW);
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    Optional<ProcessedBatch> processed;
    try (Connection reportInFlight = f.db.dataSource.getConnection()) {
      reportInFlight.setAutoCommit(false);
      lock(reportInFlight, "pg_advisory_xact_lock", phone);
      var batch = pool.submit(() -> f.queue.processNext(RULES, LATER));
      Thread.sleep(300);
      assertThat(batch).as("the batch waits for the report in flight").isNotDone();
      // The report's row, in the report's transaction (as JdbcNumberEventStore writes it).
      try (PreparedStatement s = reportInFlight.prepareStatement("""
          INSERT INTO number_events (id, phone_blind_index, type, occurred_at, received_at, revoked_bindings, carrier_id)
          VALUES (gen_random_uuid(), ?, 'REASSIGNED', ?, ?, 0, 'carrier-1')""")) {
        s.setBytes(1, f.db.blindIndex.candidates(JdbcPhoneBindingStore.PHONE, phone).getFirst());
        s.setObject(2, OffsetDateTime.ofInstant(VERIFIED.plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC));
        s.setObject(3, OffsetDateTime.ofInstant(NOW, java.time.ZoneOffset.UTC));
        s.executeUpdate();
      }
      reportInFlight.commit();
      processed = batch.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(processed).isPresent();
    assertThat(f.db.activeBindings(platform, account)).isZero();
  }

  private static void lock(Connection connection, String function, String phone) throws Exception {
    byte[] primary = f.db.blindIndex.candidates(JdbcPhoneBindingStore.PHONE, phone).getFirst();
    try (PreparedStatement s = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
      s.setInt(1, NumberLocks.LOCK_CLASS);
      s.setInt(2, NumberLocks.key(primary));
      s.execute();
    }
  }

  @Test
  void bindPhoneWhenAccountHoldsAnImportedBindingThenOtpRenewsIt() {
    String platform = unique("platform");
    String phone = freshPhone();
    String account = unique("renew");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, phone, VERIFIED))), NOW);
    f.queue.processNext(RULES, LATER);

    f.db.store.bind(request(platform, account, phone, unique("v")), LATER.plusSeconds(1));

    assertThat(f.db.revokeReasons(platform, account)).containsExactly("renewed");
    assertThat(f.db.count("""
        SELECT count(*)::int FROM phone_bindings b JOIN accounts a ON a.id = b.account
        WHERE a.platform_id = ? AND a.account_blind_index = ? AND b.source = 'otp' AND b.revoked_at IS NULL
          AND b.platform_verified_at IS NULL""", platform, f.db.index(platform, account))).isEqualTo(1);
  }

  @Test
  void processWhenFailingMidBatchThenNothingOfItStaysAndTheRedoEndsLikeAnUninterruptedRun() {
    // The same lines for two platforms: one processed without failure, one failing at its sixth binding.
    List<ImportLine> lines = new ArrayList<>(goodLines(1, 12, VERIFIED));
    lines.add(line(13, "bad id!", freshPhone(), VERIFIED));
    lines.add(line(14, unique("late"), freshPhone(), NOW.plusSeconds(3600)));
    String otpAccount = lines.get(4).accountId();
    String control = unique("control");
    String crashing = unique("crashing");
    for (String platform : List.of(control, crashing)) {
      f.db.store.bind(request(platform, otpAccount, freshPhone(), unique("v")), NOW);
    }
    ImportId calm = f.open(control);
    f.imports.addBatch(batch(control, calm, 1, lines), NOW);
    f.queue.processNext(RULES, LATER);
    ImportId id = f.open(crashing);
    f.imports.addBatch(batch(crashing, id, 1, lines), NOW);
    // A failure inside PostgreSQL after five of the batch's bindings were written in its transaction.
    f.db.owner.sql("""
        CREATE FUNCTION fail_sixth_import_binding() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.verification_id LIKE 'import:%s:%%'
             AND (SELECT count(*) FROM phone_bindings WHERE verification_id LIKE 'import:%s:%%') >= 5 THEN
            RAISE EXCEPTION 'simulated crash mid-batch';
          END IF;
          RETURN NEW;
        END $$""".formatted(id.uuid(), id.uuid())).update();
    f.db.owner.sql("""
        CREATE TRIGGER fail_sixth_import_binding BEFORE INSERT ON phone_bindings
        FOR EACH ROW EXECUTE FUNCTION fail_sixth_import_binding()""").update();
    Throwable crash;
    try {
      crash = catchThrowable(() -> f.queue.processNext(RULES, LATER));
    } finally {
      f.db.owner.sql("DROP TRIGGER fail_sixth_import_binding ON phone_bindings").update();
      f.db.owner.sql("DROP FUNCTION fail_sixth_import_binding()").update();
    }

    assertThat(crash).hasStackTraceContaining("simulated crash mid-batch");
    assertThat(outcomes(id)).isEmpty();
    assertThat(f.db.count("SELECT count(*)::int FROM phone_bindings WHERE verification_id LIKE ?",
        "import:" + id.uuid() + ":%")).isZero();
    assertThat(f.db.count("SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch "
        + "WHERE b.import = ? AND b.processed_at IS NULL", id.uuid())).isEqualTo(1);
    for (ImportLine l : lines.subList(0, 12)) {
      if (!l.accountId().equals(otpAccount)) {
        assertThat(events(crashing, l.accountId())).isZero();
      }
    }

    // This replica leaves the import alone for a rest after the failure, then takes it again.
    assertThat(f.queue.processNext(RULES, LATER.plusSeconds(1)).map(ProcessedBatch::importId)).isNotEqualTo(Optional.of(id));
    Optional<ProcessedBatch> redo = f.queue.processNext(RULES,
        LATER.plus(JdbcImportQueue.REST_AFTER_FAILURE).plusSeconds(1));

    assertThat(redo).map(ProcessedBatch::importId).contains(id);
    assertThat(outcomes(id)).isEqualTo(outcomes(calm)).hasSize(14)
        .contains("5 refused already-bound", "13 refused invalid-account-id", "14 refused invalid-verified-at");
    for (ImportLine l : lines) {
      assertThat(Optional.ofNullable(bindingOf(id, l.line()))).isEqualTo(Optional.ofNullable(bindingOf(calm, l.line())));
      if (!l.accountId().equals(otpAccount) && l.line() <= 12) {
        assertThat(events(crashing, l.accountId())).isEqualTo(events(control, l.accountId())).isEqualTo(1);
      }
    }
    assertThat(f.db.count("SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch "
        + "WHERE b.import = ?", id.uuid())).isZero();
  }

  @Test
  void processWhenABatchIsAppliedAgainThenNoLineIsBoundOrAnnouncedTwice() throws Exception {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(1, 4, VERIFIED);
    f.imports.addBatch(batch(platform, id, 1, lines), NOW);
    byte[] upload = f.db.jdbc.sql("""
            SELECT u.lines_ciphertext FROM import_uploads u JOIN import_batches b ON b.id = u.batch
            WHERE b.import = ?""").param(id.uuid()).query(byte[].class).single();
    f.queue.processNext(RULES, LATER);
    List<String> first = outcomes(id);
    // As if the batch's outcomes had been lost (only the database's owner can do this): waiting again.
    f.db.owner.sql("DELETE FROM import_line_outcomes WHERE import = ?").param(id.uuid()).update();
    f.db.owner.sql("""
        UPDATE import_batches SET processed_at = NULL, lines_bound = NULL, lines_refused = NULL, refused_reasons = NULL,
                                  refused_counts = NULL WHERE import = ?""")
        .param(id.uuid()).update();
    f.db.owner.sql("INSERT INTO import_uploads (batch, lines_ciphertext) SELECT id, ? FROM import_batches WHERE import = ?")
        .param(upload).param(id.uuid()).update();

    f.queue.processNext(RULES, LATER.plusSeconds(5));

    assertThat(outcomes(id)).isEqualTo(first).hasSize(4);
    for (ImportLine l : lines) {
      assertThat(f.db.bindings(platform, l.accountId())).isEqualTo(1);
      assertThat(events(platform, l.accountId())).isEqualTo(1);
    }
  }

  @Test
  void processWhenAnImportIsTakenByAnotherProcessorThenAnotherImportIsProcessedAndNoneTwice() throws Exception {
    String platform = unique("platform");
    ImportId first = f.open(platform);
    ImportId second = f.open(platform);
    f.imports.addBatch(batch(platform, first, 1, goodLines(1, 2, VERIFIED)), NOW);
    f.imports.addBatch(batch(platform, second, 1, goodLines(1, 2, VERIFIED)), NOW.plusSeconds(1));

    try (Connection other = f.db.dataSource.getConnection()) {
      other.setAutoCommit(false);
      // Another replica in the middle of the oldest import's first batch, as JdbcImportQueue takes it.
      try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        lock.setInt(1, JdbcImportQueue.LOCK_CLASS);
        lock.setInt(2, first.uuid().hashCode());
        lock.executeQuery().close();
      }

      Optional<ProcessedBatch> taken = f.queue.processNext(RULES, LATER);
      Optional<ProcessedBatch> none = f.queue.processNext(RULES, LATER);

      assertThat(taken).map(ProcessedBatch::importId).contains(second);
      assertThat(none).isEmpty();
      other.rollback();
    }
    assertThat(f.queue.processNext(RULES, LATER)).map(ProcessedBatch::importId).contains(first);
    assertThat(f.queue.processNext(RULES, LATER)).isEmpty();
  }

  @Test
  void processWhenSeveralProcessorsRunThenEachBatchOnceInOrderAndTheFirstLineOfAnAccountBinds()
      throws Exception {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    // 12 batches of 40 lines over 100 accounts: every account appears in several batches.
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      accounts.add(unique("shared"));
    }
    int line = 1;
    for (int b = 1; b <= 12; b++) {
      List<ImportLine> lines = new ArrayList<>();
      for (int i = 0; i < 40; i++, line++) {
        lines.add(line(line, accounts.get((line * 37) % accounts.size()), freshPhone(), VERIFIED));
      }
      f.imports.addBatch(batch(platform, id, b, lines), NOW);
    }
    java.util.concurrent.Callable<Integer> processor = () -> {
      int batches = 0;
      while (f.queue.processNext(RULES, LATER).isPresent()) {
        batches++;
      }
      return batches;
    };

    List<Integer> taken = StoreFixture.inParallel(List.of(processor, processor, processor));

    // No processor failed and every batch was taken once.
    assertThat(taken.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
    List<String> outcomes = outcomes(id);
    assertThat(outcomes).hasSize(480);
    // Batches of one import in order: each account is bound by the first line that names it.
    for (int first = 0; first < accounts.size(); first++) {
      int n = first;
      int firstLine = java.util.stream.IntStream.rangeClosed(1, 480)
          .filter(l -> (l * 37) % accounts.size() == n).min().orElseThrow();
      assertThat(outcomes.get(firstLine - 1)).isEqualTo(firstLine + " bound null");
    }
    assertThat(outcomes.stream().filter(o -> o.endsWith(" bound null"))).hasSize(100);
    assertThat(outcomes.stream().filter(o -> o.endsWith(" refused already-bound"))).hasSize(380);
    for (String account : accounts) {
      assertThat(f.db.bindings(platform, account)).as(account).isEqualTo(1);
      assertThat(events(platform, account)).as(account).isEqualTo(1);
    }
    assertThat(f.db.count("SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch "
        + "WHERE b.import = ?", id.uuid())).isZero();
  }

  @Test
  void processWhenAnUploadDoesNotDecryptThenItsLinesAreRefusedAndTheQueueMovesOn() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> altered = goodLines(5, 3, VERIFIED);
    List<ImportLine> fine = goodLines(20, 2, VERIFIED);
    f.imports.addBatch(batch(platform, id, 1, altered), NOW);
    f.imports.addBatch(batch(platform, id, 2, fine), NOW.plusSeconds(1));
    // Someone holding the database puts batch 2's ciphertext under batch 1: it is bound to its row.
    f.db.owner.sql("""
        UPDATE import_uploads SET lines_ciphertext = (
            SELECT u.lines_ciphertext FROM import_uploads u JOIN import_batches b ON b.id = u.batch
            WHERE b.import = ? AND b.batch_number = 2)
        WHERE batch = (SELECT id FROM import_batches WHERE import = ? AND batch_number = 1)""")
        .param(id.uuid()).param(id.uuid()).update();

    Optional<ProcessedBatch> unreadable = f.queue.processNext(RULES, LATER);
    Optional<ProcessedBatch> next = f.queue.processNext(RULES, LATER);

    assertThat(unreadable).map(ProcessedBatch::batchNumber).contains(1);
    assertThat(unreadable.get().linesRefused()).isEqualTo(3);
    assertThat(next).map(ProcessedBatch::linesBound).contains(2);
    assertThat(outcomes(id)).containsExactly("5 refused unreadable-upload", "6 refused unreadable-upload",
        "7 refused unreadable-upload", "20 bound null", "21 bound null");
    for (ImportLine l : altered) {
      assertThat(f.db.accounts(platform, l.accountId())).isZero();
    }
    assertThat(f.db.count("SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch "
        + "WHERE b.import = ?", id.uuid())).isZero();
  }

  record Binding(String source, Instant platformVerifiedAt, boolean revoked) {
  }

  /** The binding of an import's line, or null if the line bound nothing. */
  static Binding bindingOf(ImportId id, int line) {
    return f.db.jdbc.sql("""
            SELECT source, platform_verified_at, revoked_at IS NOT NULL AS revoked FROM phone_bindings
            WHERE verification_id = ?""")
        .param("import:" + id.uuid() + ":" + line)
        .query((rs, n) -> new Binding(rs.getString("source"),
            rs.getObject("platform_verified_at", OffsetDateTime.class).toInstant(), rs.getBoolean("revoked")))
        .optional().orElse(null);
  }

  /** Each line's outcome as "line outcome reason", by line. */
  static List<String> outcomes(ImportId id) {
    return f.db.jdbc.sql("SELECT line, outcome, reason FROM import_line_outcomes WHERE import = ? ORDER BY line")
        .param(id.uuid())
        .query((rs, n) -> rs.getInt("line") + " " + rs.getString("outcome") + " " + rs.getString("reason")).list();
  }

  static int events(String platform, String account) {
    return eventsIn(f, new AccountRef(platform, account));
  }

  /** The account's account.verification_changed events in the outbox. */
  static int eventsIn(ImportFixture f, AccountRef account) {
    String platform = account.platformId();
    return f.db.count("""
        SELECT count(*)::int FROM event_outbox e JOIN accounts a ON a.id = e.account
        WHERE a.platform_id = ? AND a.account_blind_index = ? AND e.type = 'account.verification_changed'""",
        platform, f.db.index(platform, account.accountId()));
  }
}
