package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.idnet.identity.CountingDataSource;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LookupAccounts: request order, limits, one query for all misses, and a cache that never answers from before a change. */
class LookupAccountsGrpcTest {

  static HikariDataSource pool;
  static CountingDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    pool = TestDatabase.migrated("identity_lookup");
    dataSource = new CountingDataSource(pool);
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    pool.close();
  }

  static List<String> levels(List<AccountVerification> answers) {
    return answers.stream().map(a -> a.getAccountId() + "=" + a.getLevel() + "/" + a.getStatus()).toList();
  }

  @Test
  void lookupAnswersEveryIdInRequestOrderWithDuplicatesInPlace() {
    String phone = unique("phone");
    String real = unique("real");
    String revoked = unique("revoked");
    String foreign = unique("foreign");
    String never = unique("never");
    grpc.bind("platform-a", phone, "+84912000201", unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(real, TestCitizens.bornIn(1990)));
    grpc.bind("platform-a", revoked, "+84912000202", unique("v"));
    grpc.closeAccount(PLATFORM_A, revoked);
    grpc.bind("platform-b", foreign, "+84912000203", unique("v"));

    List<AccountVerification> answers = grpc.lookup(PLATFORM_A, List.of(phone, never, real, foreign, revoked, phone));

    assertThat(levels(answers)).containsExactly(
        phone + "=PHONE/VERIFIED", never + "=NONE/UNVERIFIED", real + "=REAL_NAME/VERIFIED",
        foreign + "=NONE/UNVERIFIED", revoked + "=NONE/REVOKED", phone + "=PHONE/VERIFIED");
    assertThat(answers.get(2).hasSubjectId()).isTrue();
    assertThat(answers.get(0)).isEqualTo(answers.get(5)).isEqualTo(grpc.check(PLATFORM_A, phone));
  }

  @Test
  void lookupAsksPostgresOnceForAllMissesAndNotAtAllWhenCached() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add(unique("batch"));
    }
    grpc.bind("platform-a", ids.get(7), "+84912000204", unique("v"));
    Thread.sleep(GrpcHarness.INVALIDATION_HOLD.toMillis() + 100);

    dataSource.reset();
    List<AccountVerification> cold = grpc.lookup(PLATFORM_A, ids);
    int coldStatements = dataSource.statements();
    dataSource.reset();
    Collections.reverse(ids);
    List<AccountVerification> warm = grpc.lookup(PLATFORM_A, ids);

    assertThat(cold).hasSize(500);
    assertThat(cold.get(7).getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(coldStatements).isEqualTo(1);
    assertThat(dataSource.statements()).isZero();
    assertThat(warm.get(492)).isEqualTo(cold.get(7));
  }

  @Test
  void lookupWhenNoIdOrMoreThan500ThenInvalidAccountIds() throws Exception {
    for (int size : new int[] {0, 501}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.lookup(PLATFORM_A, Collections.nCopies(size, "x")));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorInfo(e).getReason()).isEqualTo("invalid-account-ids");
      assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo("accountIds");
    }
  }

  @Test
  void lookupWhenOneIdMalformedThenInvalidAccountIdNamingItsPlace() throws Exception {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.lookup(PLATFORM_A, List.of("fine", "also-fine", "not fine")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(e).getReason()).isEqualTo("invalid-account-id");
    assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo("accountIds[2]");
  }

  @Test
  void cachedAnswersChangeWithEveryChangeOfBindings() throws Exception {
    String account = unique("cached");
    String phone = "+84912000205";
    assertThat(cachedLevel(account)).isEqualTo("NONE/UNVERIFIED");

    grpc.bind("platform-a", account, phone, unique("v"));
    assertThat(cachedLevel(account)).isEqualTo("PHONE/VERIFIED");

    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1999)));
    assertThat(cachedLevel(account)).isEqualTo("REAL_NAME/VERIFIED");

    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.numberEvent(phone, NumberEventType.REASSIGNED, grpc.clock.instant());
    assertThat(cachedLevel(account)).isEqualTo("REAL_NAME/VERIFIED");

    grpc.closeAccount(PLATFORM_A, account);
    assertThat(cachedLevel(account)).isEqualTo("NONE/REVOKED");

    String other = unique("cached");
    grpc.bind("platform-a", other, "+84912000206", unique("v"));
    assertThat(cachedLevel(other)).isEqualTo("PHONE/VERIFIED");
    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.numberEvent("+84912000206", NumberEventType.DISCONNECTED, grpc.clock.instant());
    assertThat(cachedLevel(other)).isEqualTo("NONE/REVOKED");
  }

  /** The answer right after a change, and again once it is back in the cache. */
  static String cachedLevel(String account) throws InterruptedException {
    AccountVerification direct = grpc.check(PLATFORM_A, account);
    assertThat(grpc.cachedEntry("platform-a", account)).startsWith("3");
    AccountVerification cached = grpc.lookup(PLATFORM_A, List.of(account)).getFirst();
    assertThat(cached).isEqualTo(direct);
    return cached.getLevel() + "/" + cached.getStatus();
  }

  @Test
  void lookupOfAnotherPlatformsAccountsLearnsNothing() {
    String account = unique("theirs");
    grpc.registerRealName(PLATFORM_B, TestCitizens.form(account, TestCitizens.bornIn(1993)));

    AccountVerification seenByA = grpc.lookup(PLATFORM_A, List.of(account)).getFirst();

    assertThat(seenByA.getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(seenByA.hasSubjectId()).isFalse();
    assertThat(seenByA.getCapabilitiesList()).isEmpty();
  }
}
