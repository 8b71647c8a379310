package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.RealNameOutcome;
import org.idnet.identity.hosted.store.JdbcHostedSessionStore;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** security.md, "Personal data at rest": what reaches PostgreSQL is useless without the keys. */
class PersonalDataAtRestTest {

  static StoreFixture db;

  @BeforeAll
  static void start() {
    db = new StoreFixture("identity_at_rest");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void databaseDumpHoldsNoPlainPhoneNumber() {
    String phone = "+84935551234";
    db.store.bind(request("platform-a", unique("nina"), phone, unique("v")), NOW);
    db.store.bind(request("platform-b", unique("oscar"), phone, unique("v")), NOW);

    String dump = TestDatabase.dump(db.dataSource);

    assertThat(dump).contains("-- accounts").contains("-- phone_bindings").contains("platform-b");
    String digits = phone.substring(1);
    assertThat(dump).doesNotContain(phone).doesNotContain(digits).doesNotContain("935551234")
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(digits.getBytes(StandardCharsets.US_ASCII)))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex("935551234".getBytes(StandardCharsets.US_ASCII)));
    // What is there instead: the keyed blind index, equal for both bindings of the number.
    String index = HexFormat.of().formatHex(db.blindIndex.of(JdbcPhoneBindingStore.PHONE, phone));
    assertThat(dump.split(index, -1)).hasSize(3);
  }

  @Test
  void databaseDumpHoldsNoNameCitizenIdBirthDateOrPhoneOfAnyone() {
    Citizen adult = TestCitizens.bornIn(1968);
    Citizen minor = TestCitizens.bornIn(2013);
    String phone = "+84935557788";
    String parent = unique("parent");
    String child = unique("child");
    assertThat(db.link("platform-a", parent, adult)).isInstanceOf(RealNameOutcome.Linked.class);
    assertThat(db.link("platform-a", child, minor, parent)).isInstanceOf(RealNameOutcome.Linked.class);
    assertThat(db.link("platform-b", unique("parent"), adult)).isInstanceOf(RealNameOutcome.Linked.class);
    db.store.bind(request("platform-a", parent, phone, unique("v")), NOW);
    db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.REASSIGNED, NOW.plusSeconds(9)),
        NOW.plusSeconds(10));

    String dump = TestDatabase.dump(db.dataSource);

    assertThat(dump).contains("-- persons").contains("-- person_bindings").contains("-- pairwise_subjects")
        .contains("-- number_events").doesNotContain(child).doesNotContain(parent);
    for (String secret : secrets(List.of(adult, minor), phone)) {
      assertThat(dump).as("dump of the database").doesNotContainIgnoringCase(secret);
    }
  }

  /** Every personal value the test wrote, in the forms someone would search a dump for. */
  static List<String> secrets(List<Citizen> citizens, String phone) {
    List<String> plain = new ArrayList<>();
    for (Citizen c : citizens) {
      plain.add(c.fullName().value());
      plain.add(c.fullName().value().toLowerCase(Locale.ROOT));
      plain.add(c.nationalId().value());
      plain.add(c.nationalId().value().substring(3));
      plain.addAll(TestCitizens.dateForms(c.dateOfBirth()));
    }
    plain.addAll(List.of(phone, phone.substring(1), "0" + phone.substring(3), phone.substring(3)));
    List<String> all = new ArrayList<>(plain);
    // bytea renders as hex: the same values as bytes.
    plain.forEach(s -> all.add(HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))));
    return all;
  }

  @Test
  void ciphertextCopiedToAnotherRowDoesNotDecrypt() {
    String victim = unique("lena");
    String thief = unique("mallory");
    db.store.bind(request("platform-a", victim, "+84911111111", unique("v")), NOW);
    db.store.bind(request("platform-a", thief, "+84922222222", unique("v")), NOW);

    db.owner.sql("""
            UPDATE phone_bindings SET phone_ciphertext =
              (SELECT b.phone_ciphertext FROM phone_bindings b JOIN accounts a ON a.id = b.account
               WHERE a.account_blind_index = ?)
            WHERE account = (SELECT id FROM accounts WHERE account_blind_index = ?)""")
        .param(db.index("platform-a", victim)).param(db.index("platform-a", thief)).update();

    assertThatThrownBy(() -> db.store.activePhone(new AccountRef("platform-a", thief)))
        .isInstanceOf(FieldDecryptionException.class)
        .hasMessageNotContaining("9111");
    assertThat(db.store.activePhone(new AccountRef("platform-a", victim))).contains(new PhoneNumber("+84911111111"));
  }

  @Test
  void personCiphertextCopiedToAnotherPersonOrColumnDoesNotDecrypt() {
    String victim = unique("victim");
    String thief = unique("thief");
    Citizen victimCitizen = TestCitizens.bornIn(1977);
    db.link("platform-a", victim, victimCitizen);
    db.link("platform-a", thief, TestCitizens.bornIn(1978));
    String person = "(SELECT pb.person FROM person_bindings pb JOIN accounts a ON a.id = pb.account "
        + "WHERE a.account_blind_index = ?)";

    db.owner.sql("UPDATE persons SET full_name_ciphertext = (SELECT full_name_ciphertext FROM persons WHERE id = "
        + person + ") WHERE id = " + person).param(db.index("platform-a", victim)).param(db.index("platform-a", thief))
        .update();
    String other = unique("other");
    db.link("platform-a", other, TestCitizens.bornIn(1979));
    db.owner.sql("UPDATE persons SET full_name_ciphertext = citizen_id_ciphertext WHERE id = " + person)
        .param(db.index("platform-a", other)).update();

    assertThatThrownBy(() -> db.persons.identity(new AccountRef("platform-a", thief)))
        .isInstanceOf(FieldDecryptionException.class)
        .hasMessageNotContaining(victimCitizen.fullName().value());
    assertThatThrownBy(() -> db.persons.identity(new AccountRef("platform-a", other)))
        .isInstanceOf(FieldDecryptionException.class);
    assertThat(db.persons.identity(new AccountRef("platform-a", victim)))
        .hasValueSatisfying(identity -> assertThat(identity.fullName()).isEqualTo(victimCitizen.fullName()));
  }

  @Test
  void storeWithOtherKeysCannotReadTheNumber() throws Exception {
    String account = unique("peggy");
    db.store.bind(request("platform-a", account, "+84933333333", unique("v")), NOW);

    StoreFixture otherKeys = new StoreFixture(db.dataSource);
    StoreFixture otherEncryptionKey = new StoreFixture(db.dataSource, BlindIndexTest.keys(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), db.keys.blindIndexKeyset(),
        db.keys.subjectIdKeyset()));

    // Without the blind-index key the account is not even found; with it but not the AEAD key,
    // the number does not decrypt.
    assertThat(otherKeys.store.activePhone(new AccountRef("platform-a", account))).isEmpty();
    assertThatThrownBy(() -> otherEncryptionKey.store.activePhone(new AccountRef("platform-a", account)))
        .isInstanceOf(FieldDecryptionException.class);
  }

  /** docs/pages.md section 3.2: a hosted session keeps its account ids, state and label encrypted, its secrets hashed. */
  @Test
  void databaseDumpHoldsNoAccountIdStateLabelOrSecretOfAHostedSession() {
    JdbcHostedSessionStore sessions = new JdbcHostedSessionStore(db.dataSource,
        new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource), new FieldCipher(db.keys),
        db.blindIndex);
    String account = "hoa.atrest." + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String guardian = "me.atrest." + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String state = "state-" + java.util.UUID.randomUUID();
    String label = "@hoa-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String launch = org.idnet.identity.hosted.domain.SessionTokens.newToken();
    String secret = org.idnet.identity.hosted.domain.SessionTokens.newToken();
    String result = org.idnet.identity.hosted.domain.SessionTokens.newToken();
    sessions.registerReturnUrl("platform-a", "https://platform-a.example.vn/return", NOW, 20);
    java.util.UUID id = sessions.create(new org.idnet.identity.hosted.domain.HostedSessionStore.Session(java.util.UUID.randomUUID(),
        "platform-a", account, java.util.Optional.of(guardian), org.idnet.identity.domain.VerificationLevel.REAL_NAME,
        "vi", "https://platform-a.example.vn/return", state, label,
        org.idnet.identity.hosted.domain.HostedSessionStore.Status.CREATED, java.util.Optional.empty(), 0, false, NOW,
        NOW.plusSeconds(1800), null, java.util.Optional.empty()), java.util.Optional.of("key-" + account.length()),
        db.blindIndex.of("verification-session-request", "x"), org.idnet.identity.hosted.domain.SessionTokens.hash(launch),
        NOW.plusSeconds(600));
    assertThat(sessions.open(org.idnet.identity.hosted.domain.SessionTokens.hash(launch),
        org.idnet.identity.hosted.domain.SessionTokens.hash(secret), NOW, opened -> { }).map(opened -> opened.id()))
        .contains(id);
    assertThat(sessions.finish(id, org.idnet.identity.hosted.domain.SessionOutcome.COMPLETED,
        org.idnet.identity.hosted.domain.SessionTokens.hash(result), NOW.plusSeconds(300), NOW)).isTrue();

    String dump = TestDatabase.dump(db.dataSource);

    assertThat(dump).contains("-- verification_sessions").contains("-- return_urls").contains(id.toString());
    for (String plain : List.of(account, guardian, state, label, launch, secret, result, "hoa.atrest", "me.atrest")) {
      assertThat(dump).as("dump of the database").doesNotContain(plain)
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(plain.getBytes(StandardCharsets.UTF_8)));
    }
    // What is kept of the result reference: its SHA-256 (the launch token's is gone once opened).
    assertThat(dump).containsIgnoringCase(HexFormat.of().formatHex(org.idnet.identity.hosted.domain.SessionTokens.hash(result)))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(org.idnet.identity.hosted.domain.SessionTokens.hash(launch)));
    // And it reads back only through the keys.
    assertThat(sessions.find(id).orElseThrow().accountId()).isEqualTo(account);
    assertThat(sessions.find(id).orElseThrow().state()).isEqualTo(state);
  }
}
