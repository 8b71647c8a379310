package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.PhoneNumber;
import org.idnet.identity.vault.FieldDecryptionException;
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
  void ciphertextCopiedToAnotherRowDoesNotDecrypt() {
    String victim = unique("lena");
    String thief = unique("mallory");
    db.store.bind(request("platform-a", victim, "+84911111111", unique("v")), NOW);
    db.store.bind(request("platform-a", thief, "+84922222222", unique("v")), NOW);

    db.jdbc.sql("""
            UPDATE phone_bindings SET phone_ciphertext =
              (SELECT b.phone_ciphertext FROM phone_bindings b JOIN accounts a ON a.id = b.account WHERE a.account_id = ?)
            WHERE account = (SELECT id FROM accounts WHERE account_id = ?)""")
        .param(victim).param(thief).update();

    assertThatThrownBy(() -> db.store.activePhone(new AccountRef("platform-a", thief)))
        .isInstanceOf(FieldDecryptionException.class)
        .hasMessageNotContaining("9111");
    assertThat(db.store.activePhone(new AccountRef("platform-a", victim))).contains(new PhoneNumber("+84911111111"));
  }

  @Test
  void storeWithOtherKeysCannotReadTheNumber() {
    String account = unique("peggy");
    db.store.bind(request("platform-a", account, "+84933333333", unique("v")), NOW);

    StoreFixture otherKeys = new StoreFixture(db.dataSource);

    assertThatThrownBy(() -> otherKeys.store.activePhone(new AccountRef("platform-a", account)))
        .isInstanceOf(FieldDecryptionException.class);
  }
}
