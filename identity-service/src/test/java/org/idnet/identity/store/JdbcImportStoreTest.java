package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.goodLines;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.unique;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountImports;
import org.idnet.identity.domain.BatchReceipt;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.ImportProgress;
import org.idnet.identity.domain.ImportRefusal;
import org.idnet.identity.domain.ImportStatus;
import org.idnet.identity.domain.LineRefusal;
import org.idnet.identity.domain.RefusalPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports and their uploads against a real PostgreSQL with the production migrations: owner-only,
 * idempotent per key and per batch, stored encrypted and deleted once processed, progress and
 * refusals as processing left them.
 */
class JdbcImportStoreTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(30));
  static ImportFixture f;

  @BeforeAll
  static void start() {
    f = new ImportFixture("identity_imports");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void createWhenSameIdempotencyKeyThenSameImportAndOtherPlatformGetsItsOwn() {
    String platform = unique("platform");
    String key = unique("key");

    ImportProgress first = f.imports.create(platform, Optional.of(key), NOW);
    ImportProgress repeat = f.imports.create(platform, Optional.of(key), NOW.plusSeconds(5));
    ImportProgress other = f.imports.create(unique("platform"), Optional.of(key), NOW);
    ImportProgress unkeyed = f.imports.create(platform, Optional.empty(), NOW);

    assertThat(repeat).isEqualTo(first);
    assertThat(first.status()).isEqualTo(ImportStatus.OPEN);
    assertThat(first.createdAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.MICROS));
    assertThat(first.id().external()).matches("imp_[A-Za-z0-9_-]{22}");
    assertThat(List.of(other.id(), unkeyed.id())).doesNotContain(first.id()).doesNotHaveDuplicates();
    assertThat(f.db.count("SELECT count(*)::int FROM account_imports WHERE platform_id = ?", platform)).isEqualTo(2);
  }

  @Test
  void addBatchWhenRepeatedWithSameLinesThenSameReceiptEvenOnceProcessed() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(3, 4, VERIFIED);

    BatchReceipt first = f.imports.addBatch(batch(platform, id, 1, lines), NOW);
    BatchReceipt repeat = f.imports.addBatch(batch(platform, id, 1, lines), NOW.plusSeconds(1));
    f.drain(NOW.plusSeconds(2));
    BatchReceipt afterProcessing = f.imports.addBatch(batch(platform, id, 1, lines), NOW.plusSeconds(3));

    assertThat(first).isEqualTo(new BatchReceipt(id, 1, 4, 3, 6, NOW.truncatedTo(ChronoUnit.MICROS)));
    assertThat(repeat).isEqualTo(first);
    assertThat(afterProcessing).isEqualTo(first);
    assertThat(f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ?", id.uuid())).isEqualTo(1);
    assertThat(f.imports.progress(platform, id).linesBound()).isEqualTo(4);
  }

  @Test
  void addBatchWhenTheSameBatchArrivesInParallelThenStoredOnceAndEveryCallerGetsTheSameReceipt() throws Exception {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(1, 50, VERIFIED);
    java.util.concurrent.Callable<BatchReceipt> upload = () -> f.imports.addBatch(batch(platform, id, 1, lines), NOW);

    List<BatchReceipt> receipts = StoreFixture.inParallel(List.of(upload, upload, upload, upload));

    assertThat(receipts).containsOnly(receipts.getFirst());
    assertThat(f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ?", id.uuid())).isEqualTo(1);
    assertThat(f.db.count("""
        SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch WHERE b.import = ?""",
        id.uuid())).isEqualTo(1);
  }

  @Test
  void addBatchWhenNumberUsedWithOtherLinesThenBatchDiffersAndNothingReplaced() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(1, 3, VERIFIED);
    f.imports.addBatch(batch(platform, id, 1, lines), NOW);

    List<ImportLine> changed = List.of(lines.get(0), lines.get(1),
        line(3, lines.get(2).accountId(), ImportFixture.freshPhone(), VERIFIED));
    IdentityException e = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 1, changed), NOW));
    f.drain(NOW.plusSeconds(1));
    IdentityException afterProcessing = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 1, changed), NOW.plusSeconds(2)));

    assertThat(e.reason()).isEqualTo(FailureReason.BATCH_DIFFERS);
    assertThat(afterProcessing.reason()).isEqualTo(FailureReason.BATCH_DIFFERS);
    assertThat(f.db.activeBindings(platform, lines.get(2).accountId())).isEqualTo(1);
  }

  @Test
  void addBatchWhenLineNumbersOverlapAnotherBatchThenRefused() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, goodLines(10, 5, VERIFIED)), NOW);

    IdentityException overlap = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 2, goodLines(14, 3, VERIFIED)), NOW));
    IdentityException inside = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 3, goodLines(1, 20, VERIFIED)), NOW));
    BatchReceipt next = f.imports.addBatch(batch(platform, id, 2, goodLines(15, 3, VERIFIED)), NOW);

    assertThat(overlap.reason()).isEqualTo(FailureReason.LINE_NUMBERS_OVERLAP);
    assertThat(inside.reason()).isEqualTo(FailureReason.LINE_NUMBERS_OVERLAP);
    assertThat(next.firstLine()).isEqualTo(15);
  }

  @Test
  void addBatchWhenImportCompletedThenRefusedButARepeatIsStillAnswered() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = goodLines(1, 2, VERIFIED);
    BatchReceipt first = f.imports.addBatch(batch(platform, id, 1, lines), NOW);

    ImportProgress completed = f.imports.complete(platform, id, NOW.plusSeconds(1));
    ImportProgress again = f.imports.complete(platform, id, NOW.plusSeconds(9));
    IdentityException late = catchThrowableOfType(IdentityException.class,
        () -> f.imports.addBatch(batch(platform, id, 2, goodLines(3, 1, VERIFIED)), NOW.plusSeconds(2)));
    BatchReceipt repeat = f.imports.addBatch(batch(platform, id, 1, lines), NOW.plusSeconds(2));

    assertThat(completed.status()).isEqualTo(ImportStatus.PROCESSING);
    assertThat(completed.completedAt()).contains(NOW.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
    assertThat(again.completedAt()).isEqualTo(completed.completedAt());
    assertThat(late.reason()).isEqualTo(FailureReason.IMPORT_COMPLETED);
    assertThat(repeat).isEqualTo(first);
    f.drain(NOW.plusSeconds(3));
    assertThat(f.imports.progress(platform, id).status()).isEqualTo(ImportStatus.DONE);
  }

  @Test
  void everyCallWhenImportBelongsToAnotherPlatformThenNotFoundAndNothingChanges() {
    String owner = unique("platform");
    String other = unique("platform");
    ImportId id = f.open(owner);
    ImportId never = ImportId.random();

    for (ImportId target : List.of(id, never)) {
      List<IdentityException> refusals = List.of(
          catchThrowableOfType(IdentityException.class,
              () -> f.imports.addBatch(batch(other, target, 1, goodLines(1, 1, VERIFIED)), NOW)),
          catchThrowableOfType(IdentityException.class, () -> f.imports.complete(other, target, NOW)),
          catchThrowableOfType(IdentityException.class, () -> f.imports.progress(other, target)),
          catchThrowableOfType(IdentityException.class, () -> f.imports.refusals(other, target, 0, 10)));
      assertThat(refusals).extracting(IdentityException::reason).containsOnly(FailureReason.IMPORT_NOT_FOUND);
      // The same words whether the import exists or not: nothing to probe.
      assertThat(refusals).extracting(Throwable::getMessage).containsOnly("no import of this platform has this id");
    }
    assertThat(f.db.count("SELECT count(*)::int FROM import_batches WHERE import = ?", id.uuid())).isZero();
    assertThat(f.imports.progress(owner, id).completedAt()).isEmpty();
  }

  @Test
  void uploadWhenStoredThenEncryptedUnderItsRowAndDeletedOnceProcessed() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    String account = unique("secret-account");
    String phone = ImportFixture.freshPhone();
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, phone, VERIFIED))), NOW);

    String dump = TestDatabase.dump(f.db.dataSource);
    String digits = phone.substring(1);
    // Neither as text nor as bytes (a bytea column dumps as hex).
    assertThat(dump).contains("-- import_uploads").doesNotContain(account).doesNotContain(digits)
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(digits.getBytes(StandardCharsets.US_ASCII)))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(account.getBytes(StandardCharsets.US_ASCII)));
    byte[] ciphertext = f.db.jdbc.sql("""
            SELECT u.lines_ciphertext FROM import_uploads u JOIN import_batches b ON b.id = u.batch
            WHERE b.import = ?""").param(id.uuid()).query(byte[].class).single();
    java.util.UUID batchRow = f.db.jdbc.sql("SELECT id FROM import_batches WHERE import = ?").param(id.uuid())
        .query(java.util.UUID.class).single();
    assertThat(ImportUploads.parse(f.cipher.decryptBytes(ciphertext, JdbcImportStore.upload(batchRow))))
        .containsExactly(line(1, account, phone, VERIFIED));
    // Bound to its row: the same ciphertext under another batch's row does not open.
    assertThat(catchThrowableOfType(FieldDecryptionException.class,
        () -> f.cipher.decryptBytes(ciphertext, JdbcImportStore.upload(java.util.UUID.randomUUID())))).isNotNull();

    f.drain(NOW.plusSeconds(1));

    assertThat(f.db.count("""
        SELECT count(*)::int FROM import_uploads u JOIN import_batches b ON b.id = u.batch WHERE b.import = ?""",
        id.uuid())).isZero();
    assertThat(TestDatabase.dump(f.db.dataSource)).doesNotContain(account).doesNotContain(phone.substring(1));
  }

  @Test
  void refusalsWhenPagedThenEveryRefusedLineOnceInLineOrderWithItsReason() {
    String platform = unique("platform");
    ImportId id = f.open(platform);
    List<ImportLine> lines = List.of(
        line(2, "bad id!", ImportFixture.freshPhone(), VERIFIED),
        line(4, unique("a"), "0912345678", VERIFIED),
        line(5, unique("a"), ImportFixture.freshPhone(), null),
        line(7, unique("a"), ImportFixture.freshPhone(), VERIFIED),
        line(9, unique("a"), ImportFixture.freshPhone(), NOW.plusSeconds(3600)),
        line(11, unique("a"), ImportFixture.freshPhone(), NOW.minus(Duration.ofDays(181))));
    f.imports.addBatch(batch(platform, id, 1, lines), NOW);
    f.drain(NOW);
    AccountImports api = new AccountImports(f.imports, f.imports, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    RefusalPage first = api.refusals(platform, id, 2, 0);
    RefusalPage second = api.refusals(platform, id, 2, first.nextAfterLine());
    RefusalPage third = api.refusals(platform, id, 2, second.nextAfterLine());

    assertThat(first.refusals()).containsExactly(new LineRefusal(2, ImportRefusal.INVALID_ACCOUNT_ID),
        new LineRefusal(4, ImportRefusal.INVALID_PHONE_NUMBER));
    assertThat(second.refusals()).containsExactly(new LineRefusal(5, ImportRefusal.INVALID_VERIFIED_AT),
        new LineRefusal(9, ImportRefusal.INVALID_VERIFIED_AT));
    assertThat(third.refusals()).containsExactly(new LineRefusal(11, ImportRefusal.INVALID_VERIFIED_AT));
    assertThat(first.nextAfterLine()).isEqualTo(4);
    assertThat(third.nextAfterLine()).isZero();
    ImportProgress progress = f.imports.progress(platform, id);
    assertThat(progress.linesReceived()).isEqualTo(6);
    assertThat(progress.linesBound()).isEqualTo(1);
    assertThat(progress.linesRefused()).isEqualTo(5);
    assertThat(progress.remaining()).isZero();
    assertThat(progress.refusals()).isEqualTo(Map.of(ImportRefusal.INVALID_ACCOUNT_ID, 1L,
        ImportRefusal.INVALID_PHONE_NUMBER, 1L, ImportRefusal.INVALID_VERIFIED_AT, 3L));
    assertThat(progress.status()).isEqualTo(ImportStatus.OPEN);
  }
}
