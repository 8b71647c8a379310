package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: account ids are the platforms' choice, often e-mail addresses. After every kind of
 * change an account goes through, neither a Redis key or value nor a PostgreSQL row holds one in
 * plain, and look-ups by id still answer right: accounts are found by a keyed blind index.
 */
class AccountIdsAtRestTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_account_ids");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  /** A fresh e-mail-shaped account id: tests sharing Redis never meet each other's. */
  static String email(String name) {
    return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @Test
  void afterARealisticFlowNoStoreOrCacheHoldsAnAccountIdAndLookupsStillAnswer() throws Exception {
    String alice = email("alice");
    String kid = email("bob.kid");
    String carol = email("carol");
    String dave = email("dave");
    grpc.bind("platform-a", alice, "+84912000701", "v-" + UUID.randomUUID());
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(alice, TestCitizens.bornIn(1981)));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(kid, TestCitizens.bornIn(2016), alice));
    grpc.bind("platform-a", carol, "+84912000702", "v-" + UUID.randomUUID());
    grpc.numberEvent("+84912000702", NumberEventType.DISCONNECTED, NOW.plusSeconds(1));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(dave, TestCitizens.bornIn(1990)));
    grpc.closeAccount(PLATFORM_A, dave);
    // The same id on another platform is another account.
    grpc.bind("platform-b", alice, "+84912000703", "v-" + UUID.randomUUID());
    List<String> ids = new ArrayList<>(List.of(alice, kid, carol, dave));
    while (ids.size() < 500) {
      ids.add(email("unknown-" + ids.size()));
    }

    grpc.lookup(PLATFORM_A, ids);
    Thread.sleep(GrpcHarness.INVALIDATION_HOLD.toMillis() + 100);
    List<AccountVerification> answers = grpc.lookup(PLATFORM_A, ids);
    AccountVerification aliceOnB = grpc.check(PLATFORM_B, alice);
    String dump = Dumps.redis(grpc) + TestDatabase.dump(dataSource);

    assertThat(answers).hasSize(500).extracting(AccountVerification::getAccountId).containsExactlyElementsOf(ids);
    assertThat(answers.get(0).getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(answers.get(0).getAgeBand()).isEqualTo(AgeBand.ADULT);
    assertThat(answers.get(1).getAgeBand()).isEqualTo(AgeBand.MINOR);
    assertThat(answers.get(2).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(answers.get(3).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(answers.subList(4, 500)).allSatisfy(a -> assertThat(a.getStatus())
        .isEqualTo(VerificationStatus.UNVERIFIED));
    assertThat(aliceOnB.getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(grpc.cache.key("platform-b", alice)).isNotEqualTo(grpc.cache.key("platform-a", alice));
    // Every answer is cached, under its blind index.
    assertThat(dump).contains(grpc.cache.key("platform-a", alice) + " = 3VRA|")
        .contains(grpc.cache.key("platform-a", ids.getLast()) + " = 3UNU|");
    assertThat(Dumps.found(dump, forms(ids))).as("account ids in the dumps").isEmpty();
  }

  /** The id as text, in lower case, and as its bytes in hex (bytea) and base64. */
  static List<String> forms(List<String> ids) {
    List<String> forms = new ArrayList<>();
    for (String id : ids) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      forms.add(id);
      forms.add(id.substring(0, id.indexOf('@')));
      forms.add(HexFormat.of().formatHex(bytes));
      forms.add(Base64.getEncoder().encodeToString(bytes));
    }
    return forms;
  }
}
