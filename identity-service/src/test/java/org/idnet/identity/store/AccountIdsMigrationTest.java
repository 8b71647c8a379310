package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.VerificationLevel;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Schema version 5 converts the accounts a database already holds: found again, nothing plain left. */
class AccountIdsMigrationTest {

  static final String ALICE = "alice@example.com";

  @Test
  void accountsWrittenBeforeVersion5AreFoundByTheirBlindIndexAndTheirPlainIdsAreGone() {
    KeyProvider keys = StoreFixture.newKeys();
    try (HikariDataSource dataSource = TestDatabase.empty("identity_v5")) {
      TestDatabase.flyway(dataSource, keys).target("3").load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      UUID aliceOnA = account(jdbc, "platform-a", ALICE);
      account(jdbc, "platform-b", ALICE);
      byte[] phoneIndex = new byte[32];
      new SecureRandom().nextBytes(phoneIndex);
      jdbc.sql("""
              INSERT INTO phone_bindings (id, account, phone_blind_index, phone_ciphertext, verification_id, bound_at)
              VALUES (?, ?, ?, ?, 'v-old', now())""")
          .param(UUID.randomUUID()).param(aliceOnA).param(phoneIndex).param(new byte[] {1, 2, 3}).update();

      TestDatabase.flyway(dataSource, keys).load().migrate();
      StoreFixture store = new StoreFixture(dataSource, keys);
      Map<String, AccountStanding> onA = store.standings.read("platform-a", List.of(ALICE, "bob@example.com"), NOW);
      store.store.bind(request("platform-a", ALICE, "+84912000801", "v-new"), NOW);

      assertThat(onA).containsOnlyKeys(ALICE);
      assertThat(onA.get(ALICE).level()).isEqualTo(VerificationLevel.PHONE);
      assertThat(store.standings.read("platform-b", List.of(ALICE), NOW)).containsOnlyKeys(ALICE);
      // The new binding found the converted row instead of creating a second account.
      assertThat(store.count("SELECT count(*)::int FROM accounts")).isEqualTo(2);
      assertThat(store.accounts("platform-a", ALICE)).isEqualTo(1);
      assertThat(store.count("""
              SELECT count(*)::int FROM information_schema.columns
              WHERE table_name = 'accounts' AND column_name = 'account_id'""")).isZero();
      byte[] ciphertext = jdbc.sql("SELECT account_id_ciphertext FROM accounts WHERE id = ?").param(aliceOnA)
          .query(byte[].class).single();
      assertThat(new FieldCipher(keys).decrypt(ciphertext, new FieldRef("accounts", "account_id_ciphertext", aliceOnA)))
          .isEqualTo(ALICE);
      assertThat(TestDatabase.dump(dataSource)).doesNotContain(ALICE).doesNotContain("alice");
    }
  }

  private static UUID account(JdbcClient jdbc, String platform, String accountId) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO accounts (id, platform_id, account_id, created_at) VALUES (?, ?, ?, now())")
        .param(id).param(platform).param(accountId).update();
    return id;
  }
}
