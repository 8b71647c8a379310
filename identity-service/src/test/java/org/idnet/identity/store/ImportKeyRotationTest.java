package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.freshPhone;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.idnet.identity.domain.BatchReceipt;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Imports across a rotation of the blind-index key (and of the field key): rows and carrier reports
 * indexed under the old primary key are found by an import processed under the new one. An account
 * that existed before is reused, not given a second row; a carrier's report indexed under the old
 * key still refuses a line whose proof is older; a batch uploaded under the old key is answered with
 * its receipt when sent again after the rotation (its content hash compared under every key).
 */
class ImportKeyRotationTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
  static final Instant LATER = NOW.plusSeconds(60);

  /** The old keys: the blind-index key that was primary when the accounts and reports were written. */
  static ImportFixture before;
  /** The same database after the rotation: a new primary key, the old one still in the keyset. */
  static ImportFixture after;

  @BeforeAll
  static void start() throws Exception {
    StoreFixture old = new StoreFixture("identity_import_rotation");
    KeyProvider rotated = BlindIndexTest.keys(
        KeysetHandle.newBuilder(old.keys.fieldEncryptionKeyset())
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary()).build(),
        KeysetHandle.newBuilder(old.keys.blindIndexKeyset())
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                .withRandomId().makePrimary()).build(),
        old.keys.subjectIdKeyset());
    before = new ImportFixture(old);
    after = new ImportFixture(new StoreFixture(old.dataSource, rotated));
  }

  @AfterAll
  static void stop() {
    before.close();
  }

  @BeforeEach
  void nothingWaits() {
    after.drain(NOW);
  }

  @Test
  void rotationChangedThePrimaryBlindIndexKey() {
    // Else the other tests would prove nothing about a rotation.
    String value = "platform-a|someone";
    assertThat(after.db.blindIndex.of(AccountIds.PURPOSE, value))
        .isNotEqualTo(before.db.blindIndex.of(AccountIds.PURPOSE, value));
    assertThat(after.db.blindIndex.candidates(AccountIds.PURPOSE, value))
        .hasSize(2)
        .anySatisfy(index -> assertThat(index).isEqualTo(before.db.blindIndex.of(AccountIds.PURPOSE, value)));
  }

  @Test
  void processAfterRotationWhenTheAccountWasIndexedUnderTheOldKeyThenItsRowIsReused() {
    String platform = unique("platform");
    // Bound by OTP before the rotation, binding still active: the import must find it and refuse.
    String active = unique("otp-active");
    before.db.store.bind(request(platform, active, freshPhone(), unique("v")), NOW);
    // Bound by OTP before the rotation, then the number died (reported under the old key): the
    // account row stays, with no active binding, so the import binds on that very row.
    String revoked = unique("otp-revoked");
    String dead = freshPhone();
    before.db.store.bind(request(platform, revoked, dead, unique("v")), NOW);
    before.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(dead), NumberEventType.DISCONNECTED,
        NOW.plusSeconds(1)), NOW.plusSeconds(2));
    UUID activeRow = row(platform, active);
    UUID revokedRow = row(platform, revoked);
    ImportId id = after.open(platform);
    after.imports.addBatch(batch(platform, id, 1, List.of(
        line(1, active, freshPhone(), VERIFIED),
        line(2, revoked, freshPhone(), VERIFIED),
        line(3, revoked, freshPhone(), VERIFIED))), NOW);

    after.queue.processNext(ImportFixture.RULES, LATER);

    assertThat(outcomes(id))
        .containsExactly("1 refused already-bound", "2 bound null", "3 refused already-bound");
    for (String account : List.of(active, revoked)) {
      assertThat(rows(platform, account)).as(account).isEqualTo(1);
    }
    assertThat(row(platform, active)).isEqualTo(activeRow);
    assertThat(row(platform, revoked)).isEqualTo(revokedRow);
    assertThat(after.db.jdbc.sql("SELECT account FROM phone_bindings WHERE verification_id = ?")
        .param("import:" + id.uuid() + ":2").query(UUID.class).single()).isEqualTo(revokedRow);
    assertThat(after.db.jdbc.sql("""
            SELECT count(*)::int FROM phone_bindings WHERE account = ? AND revoked_at IS NULL AND source = 'otp'""")
        .param(activeRow).query(Integer.class).single()).isEqualTo(1);
    // One event for the OTP bind, one for its revocation, one for the import's binding.
    assertThat(after.db.count("""
        SELECT count(*)::int FROM event_outbox WHERE account = ? AND type = 'account.verification_changed'""",
        revokedRow)).isEqualTo(3);
  }

  @Test
  void processAfterRotationWhenTheCarrierReportWasIndexedUnderTheOldKeyThenTheOlderProofIsRefused() {
    String platform = unique("platform");
    String reassigned = freshPhone();
    String reportedBefore = freshPhone();
    before.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(reassigned),
        NumberEventType.REASSIGNED, VERIFIED.plusSeconds(1)), NOW);
    before.db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(reportedBefore),
        NumberEventType.REASSIGNED, VERIFIED.minusSeconds(1)), NOW);
    // The reports are stored under the old primary key only.
    assertThat(after.db.count("SELECT count(*)::int FROM number_events WHERE phone_blind_index = ?",
        (Object) after.db.blindIndex.of(JdbcPhoneBindingStore.PHONE, reassigned))).isZero();
    ImportId id = after.open(platform);
    String refused = unique("refused");
    String control = unique("control");
    after.imports.addBatch(batch(platform, id, 1, List.of(
        line(1, refused, reassigned, VERIFIED),
        line(2, control, reportedBefore, VERIFIED))), NOW);

    after.queue.processNext(ImportFixture.RULES, LATER);

    assertThat(outcomes(id))
        .containsExactly("1 refused number-reassigned-since", "2 bound null");
    assertThat(rows(platform, refused)).isZero();
    assertThat(rows(platform, control)).isEqualTo(1);
    // A new account is indexed under the new primary key.
    assertThat(after.db.accounts(platform, control)).isEqualTo(1);
  }

  @Test
  void addBatchAfterRotationWhenTheSameContentWasUploadedUnderTheOldKeyThenTheSameReceipt() {
    String platform = unique("platform");
    ImportId id = before.open(platform);
    List<ImportLine> lines = List.of(
        line(1, unique("a"), freshPhone(), VERIFIED),
        line(2, unique("b"), freshPhone(), VERIFIED));
    BatchReceipt first = before.imports.addBatch(batch(platform, id, 1, lines), NOW);
    byte[] storedHash = before.db.jdbc.sql("SELECT content_hash FROM import_batches WHERE import = ?")
        .param(id.uuid()).query(byte[].class).single();
    assertThat(Arrays.equals(storedHash, before.db.blindIndex.of(ImportUploads.HASH_PURPOSE,
        ImportUploads.hashInput(ImportUploads.serialize(lines))))).as("hashed under the old primary key").isTrue();

    BatchReceipt waiting = after.imports.addBatch(batch(platform, id, 1, lines), NOW.plusSeconds(5));
    after.queue.processNext(ImportFixture.RULES, LATER);
    BatchReceipt processed = after.imports.addBatch(batch(platform, id, 1, lines), LATER.plusSeconds(5));
    Throwable other = catchThrowable(() -> after.imports.addBatch(batch(platform, id, 1, List.of(
        lines.get(0), line(2, lines.get(1).accountId(), freshPhone(), VERIFIED))), LATER.plusSeconds(6)));

    assertThat(waiting).isEqualTo(first);
    assertThat(processed).isEqualTo(first);
    assertThat(other).isInstanceOfSatisfying(IdentityException.class,
        e -> assertThat(e.reason()).isEqualTo(FailureReason.BATCH_DIFFERS));
    assertThat(after.db.count("SELECT count(*)::int FROM import_batches WHERE import = ?", id.uuid())).isEqualTo(1);
    assertThat(outcomes(id)).containsExactly("1 bound null", "2 bound null");
  }

  /** The account's rows, found under any key of the rotated keyset. */
  static int rows(String platform, String account) {
    return after.db.count("SELECT count(*)::int FROM accounts WHERE platform_id = ? AND account_blind_index = ANY (?)",
        platform, after.db.blindIndex.candidates(AccountIds.PURPOSE, platform + "|" + account).toArray(byte[][]::new));
  }

  /** The account's only row, found under any key. */
  static UUID row(String platform, String account) {
    return after.db.jdbc.sql("SELECT id FROM accounts WHERE platform_id = ? AND account_blind_index = ANY (?)")
        .param(platform)
        .param(after.db.blindIndex.candidates(AccountIds.PURPOSE, platform + "|" + account).toArray(byte[][]::new))
        .query(UUID.class).single();
  }

  /** Each line's outcome as "line outcome reason", by line. */
  static List<String> outcomes(ImportId id) {
    return after.db.jdbc.sql("SELECT line, outcome, reason FROM import_line_outcomes WHERE import = ? ORDER BY line")
        .param(id.uuid())
        .query((rs, n) -> rs.getInt("line") + " " + rs.getString("outcome") + " " + rs.getString("reason")).list();
  }
}
