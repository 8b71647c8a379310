package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.inParallel;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.PhoneStanding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** Parallel binds keep the invariants: one account row, one active binding, one row per verification. */
class ConcurrentBindingTest {

  static final int THREADS = 8;
  static StoreFixture db;

  @BeforeAll
  static void start() {
    db = new StoreFixture("identity_concurrency");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void parallelBindsOfANewAccountWithDifferentVerificationsKeepOneActiveBinding() throws Exception {
    String account = unique("ivan");
    List<Callable<PhoneStanding>> binds = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String phone = "+8491234560" + i;
      binds.add(() -> db.store.bind(request("platform-a", account, phone, unique("v")), Instant.now()));
    }

    List<PhoneStanding> answers = inParallel(binds);

    assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(PhoneStanding.Active.class));
    assertThat(db.accounts("platform-a", account)).isEqualTo(1);
    assertThat(db.bindings("platform-a", account)).isEqualTo(THREADS);
    assertThat(db.activeBindings("platform-a", account)).isEqualTo(1);
  }

  @Test
  void parallelBindsWithTheSameVerificationCreateOneBindingAndAnswerAlike() throws Exception {
    String account = unique("judy");
    String verification = unique("v");
    List<Callable<PhoneStanding>> binds = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      binds.add(() -> db.store.bind(request("platform-a", account, "+84912345676", verification), NOW));
    }

    List<PhoneStanding> answers = inParallel(binds);

    assertThat(answers).containsOnly(new PhoneStanding.Active(NOW.truncatedTo(ChronoUnit.MICROS)));
    assertThat(db.accounts("platform-a", account)).isEqualTo(1);
    assertThat(db.bindings("platform-a", account)).isEqualTo(1);
  }

  @Test
  void parallelBindsOfOneVerificationToDifferentAccountsBindExactlyOne() throws Exception {
    String verification = unique("v");
    List<String> accounts = new ArrayList<>();
    List<Callable<String>> binds = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String account = unique("kim");
      accounts.add(account);
      binds.add(() -> {
        try {
          db.store.bind(request("platform-a", account, "+84912345677", verification), NOW);
          return "bound";
        } catch (IdentityException e) {
          return e.reason() == FailureReason.VERIFICATION_ALREADY_USED ? "refused" : e.reason().code();
        }
      });
    }

    List<String> outcomes = inParallel(binds);

    assertThat(outcomes).containsOnly("bound", "refused").containsOnlyOnce("bound");
    assertThat(accounts.stream().mapToInt(a -> db.bindings("platform-a", a)).sum()).isEqualTo(1);
  }

  @Test
  void aSecondActiveBindingOfAnAccountIsRefusedByTheSchemaItself() {
    String account = unique("ken");
    db.store.bind(request("platform-a", account, "+84912345678", unique("v")), NOW);

    assertThatThrownBy(() -> db.jdbc.sql("""
            INSERT INTO phone_bindings (id, account, phone_blind_index, phone_ciphertext, verification_id, bound_at)
            SELECT gen_random_uuid(), account, phone_blind_index, phone_ciphertext, 'manual', now()
            FROM phone_bindings WHERE account = (SELECT id FROM accounts WHERE account_blind_index = ?)""")
        .param(db.index("platform-a", account)).update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("phone_bindings_one_active_per_account");
  }
}
