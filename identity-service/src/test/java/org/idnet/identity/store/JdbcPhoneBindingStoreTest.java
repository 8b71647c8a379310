package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.PhoneStanding;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Binding and standing against a real PostgreSQL with the production migrations. */
class JdbcPhoneBindingStoreTest {

  static final Instant MICROS = NOW.truncatedTo(ChronoUnit.MICROS);
  static StoreFixture db;

  @BeforeAll
  static void start() {
    db = new StoreFixture("identity_store");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void standingWhenAccountNeverSeenThenUnbound() {
    assertThat(db.store.standing(new AccountRef("platform-a", unique("nobody")))).isEqualTo(new PhoneStanding.Unbound());
  }

  @Test
  void bindThenActiveSinceBindTimeAndNumberDecrypts() {
    String account = unique("alice");

    PhoneStanding standing = db.store.bind(request("platform-a", account, "+84912345678", unique("v")), NOW);

    assertThat(standing).isEqualTo(new PhoneStanding.Active(MICROS));
    assertThat(db.store.standing(new AccountRef("platform-a", account))).isEqualTo(new PhoneStanding.Active(MICROS));
    assertThat(db.store.activePhone(new AccountRef("platform-a", account))).contains(new PhoneNumber("+84912345678"));
    assertThat(db.accounts("platform-a", account)).isEqualTo(1);
  }

  @Test
  void bindWhenSameVerificationRetriedThenSameAnswerAndNothingNew() {
    String account = unique("bob");
    String verification = unique("v");

    PhoneStanding first = db.store.bind(request("platform-a", account, "+84912345670", verification), NOW);
    PhoneStanding retry = db.store.bind(request("platform-a", account, "+84912345670", verification),
        NOW.plusSeconds(5));

    assertThat(retry).isEqualTo(first);
    assertThat(db.bindings("platform-a", account)).isEqualTo(1);
    assertThat(db.accounts("platform-a", account)).isEqualTo(1);
  }

  @Test
  void bindWhenVerificationIdAlreadyBoundAnotherAccountOrNumberThenRefused() {
    String verification = unique("v");
    String carol = unique("carol");
    db.store.bind(request("platform-a", carol, "+84912345671", verification), NOW);

    String dave = unique("dave");
    IdentityException otherAccount = catchThrowableOfType(IdentityException.class,
        () -> db.store.bind(request("platform-a", dave, "+84912345671", verification), NOW));
    IdentityException otherPlatform = catchThrowableOfType(IdentityException.class,
        () -> db.store.bind(request("platform-b", carol, "+84912345671", verification), NOW));
    IdentityException otherNumber = catchThrowableOfType(IdentityException.class,
        () -> db.store.bind(request("platform-a", carol, "+84912345699", verification), NOW));

    assertThat(otherAccount.reason()).isEqualTo(FailureReason.VERIFICATION_ALREADY_USED);
    assertThat(otherPlatform.reason()).isEqualTo(FailureReason.VERIFICATION_ALREADY_USED);
    assertThat(otherNumber.reason()).isEqualTo(FailureReason.VERIFICATION_ALREADY_USED);
    assertThat(db.bindings("platform-a", dave)).isZero();
    assertThat(db.bindings("platform-b", carol)).isZero();
    assertThat(db.store.activePhone(new AccountRef("platform-a", carol))).contains(new PhoneNumber("+84912345671"));
  }

  @Test
  void bindWhenAnotherNumberThenOldBindingRevokedAsReplaced() {
    String account = unique("erin");
    db.store.bind(request("platform-a", account, "+84912345672", unique("v")), NOW);

    PhoneStanding standing = db.store.bind(request("platform-a", account, "+84987654321", unique("v")),
        NOW.plusSeconds(60));

    assertThat(standing).isEqualTo(new PhoneStanding.Active(MICROS.plusSeconds(60)));
    assertThat(db.activeBindings("platform-a", account)).isEqualTo(1);
    assertThat(db.revokeReasons("platform-a", account)).containsExactly("replaced");
    assertThat(db.store.activePhone(new AccountRef("platform-a", account))).contains(new PhoneNumber("+84987654321"));
  }

  @Test
  void bindWhenSameNumberWithNewVerificationThenRenewed() {
    String account = unique("frank");
    db.store.bind(request("platform-a", account, "+84912345673", unique("v")), NOW);

    db.store.bind(request("platform-a", account, "+84912345673", unique("v")), NOW.plusSeconds(60));

    assertThat(db.bindings("platform-a", account)).isEqualTo(2);
    assertThat(db.activeBindings("platform-a", account)).isEqualTo(1);
    assertThat(db.revokeReasons("platform-a", account)).containsExactly("renewed");
  }

  @Test
  void standingWhenSameAccountIdOnAnotherPlatformThenUnbound() {
    String account = unique("grace");
    db.store.bind(request("platform-a", account, "+84912345674", unique("v")), NOW);

    assertThat(db.store.standing(new AccountRef("platform-b", account))).isEqualTo(new PhoneStanding.Unbound());
    assertThat(db.store.activePhone(new AccountRef("platform-b", account))).isEmpty();
  }

  @Test
  void standingWhenEveryBindingRevokedThenRevoked() {
    String account = unique("heidi");
    db.store.bind(request("platform-a", account, "+84912345675", unique("v")), NOW);
    Instant revokedAt = MICROS.plusSeconds(3600);
    db.jdbc.sql("UPDATE phone_bindings SET revoked_at = ?, revoke_reason = 'number-disconnected' WHERE account = "
            + "(SELECT id FROM accounts WHERE platform_id = 'platform-a' AND account_blind_index = ?)")
        .param(OffsetDateTime.ofInstant(revokedAt, ZoneOffset.UTC)).param(db.index("platform-a", account)).update();

    assertThat(db.store.standing(new AccountRef("platform-a", account))).isEqualTo(new PhoneStanding.Revoked(revokedAt));
    assertThat(db.store.activePhone(new AccountRef("platform-a", account))).isEmpty();
  }

  @Test
  void storeWhenPostgresDownThenStoreUnavailableWithinSeconds() {
    try (StoreFixture down = new StoreFixture(TestDatabase.unreachable())) {
      long start = System.nanoTime();

      IdentityException check = catchThrowableOfType(IdentityException.class,
          () -> down.store.standing(new AccountRef("platform-a", "alice")));
      IdentityException bind = catchThrowableOfType(IdentityException.class,
          () -> down.store.bind(request("platform-a", "alice", "+84912345678", "v-down"), NOW));

      assertThat(check.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE);
      assertThat(bind.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE);
      // Two calls, each bounded by the pool's 2 s connection timeout.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }
}
