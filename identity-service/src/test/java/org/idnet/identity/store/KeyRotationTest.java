package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.RealNameOutcome;
import org.idnet.identity.domain.VerificationStatus;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new primary key for field encryption and for blind indexes: rows written before still decrypt
 * and are still found, rows written after use the new keys.
 */
class KeyRotationTest {

  static StoreFixture before;
  static StoreFixture after;
  static KeyProvider rotated;

  @BeforeAll
  static void start() throws Exception {
    before = new StoreFixture("identity_rotation");
    rotated = BlindIndexTest.keys(
        KeysetHandle.newBuilder(before.keys.fieldEncryptionKeyset())
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary()).build(),
        KeysetHandle.newBuilder(before.keys.blindIndexKeyset())
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                .withRandomId().makePrimary()).build(),
        before.keys.subjectIdKeyset());
    after = new StoreFixture(before.dataSource, rotated);
  }

  @AfterAll
  static void stop() {
    before.close();
  }

  /** Tink's ciphertext prefix: version byte 0x01, then the id of the key that wrote it. */
  static int keyIdOf(String account) {
    byte[] ciphertext = before.jdbc.sql("""
            SELECT p.full_name_ciphertext FROM persons p JOIN person_bindings pb ON pb.person = p.id
            JOIN accounts a ON a.id = pb.account WHERE a.account_blind_index = ANY (?)""")
        .param(after.blindIndex.candidates("account", "platform-a|" + account).toArray(byte[][]::new))
        .query(byte[].class).single();
    return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
  }

  @Test
  void afterRotationOldPersonsDecryptAndNewPersonsUseTheNewPrimaryKey() {
    String old = unique("old");
    Citizen oldCitizen = TestCitizens.bornIn(1960);
    before.link("platform-a", old, oldCitizen);
    String fresh = unique("fresh");

    after.link("platform-a", fresh, TestCitizens.bornIn(1961));

    assertThat(after.persons.identity(new AccountRef("platform-a", old)))
        .hasValueSatisfying(identity -> assertThat(identity.citizenId()).isEqualTo(oldCitizen.nationalId()));
    assertThat(keyIdOf(old)).isEqualTo(before.keys.fieldEncryptionKeyset().getPrimary().getId());
    assertThat(keyIdOf(fresh)).isEqualTo(rotated.fieldEncryptionKeyset().getPrimary().getId())
        .isNotEqualTo(keyIdOf(old));
  }

  @Test
  void afterRotationAPersonIndexedUnderTheOldKeyIsFoundAgainNotDuplicated() {
    Citizen citizen = TestCitizens.bornIn(1962);
    String first = unique("first");
    String second = unique("second");
    before.link("platform-a", first, citizen);
    int persons = before.count("SELECT count(*)::int FROM persons");

    RealNameOutcome outcome = after.link("platform-a", second, citizen);

    assertThat(outcome).isInstanceOf(RealNameOutcome.Linked.class);
    assertThat(before.count("SELECT count(*)::int FROM persons")).isEqualTo(persons);
    Map<String, AccountStanding> standings = after.standings.read("platform-a", List.of(first, second), NOW);
    assertThat(standings.get(second).subjectId()).isPresent().isEqualTo(standings.get(first).subjectId());
  }

  @Test
  void afterRotationANumberEventRevokesBindingsIndexedUnderTheOldKey() {
    String phone = "+84935550001";
    String account = unique("holder");
    before.store.bind(request("platform-a", account, phone, unique("v")), NOW);

    List<AccountRef> revoked = after.numberEvents.record(
        new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.DISCONNECTED, NOW.plusSeconds(60)),
        NOW.plusSeconds(61));

    assertThat(revoked).containsExactly(new AccountRef("platform-a", account));
    assertThat(after.standings.read("platform-a", List.of(account), NOW.plusSeconds(62)).get(account).status())
        .isEqualTo(VerificationStatus.REVOKED);
  }

  @Test
  void afterRotationAnAccountIndexedUnderTheOldKeyIsFoundAgainNotDuplicated() {
    String account = unique("old-account") + "@example.com";
    before.store.bind(request("platform-a", account, "+84935550002", unique("v")), NOW);

    after.store.bind(request("platform-a", account, "+84935550003", unique("v")), NOW.plusSeconds(1));

    assertThat(after.count("SELECT count(*)::int FROM accounts WHERE account_blind_index = ANY (?)",
        (Object) after.blindIndex.candidates("account", "platform-a|" + account).toArray(byte[][]::new))).isEqualTo(1);
    assertThat(after.standings.read("platform-a", List.of(account), NOW.plusSeconds(2)).get(account).verifiedAt())
        .contains(NOW.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
  }
}
