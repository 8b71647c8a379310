package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.CloseAccountRequest;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** CloseAccount: the account's bindings end, the person stays, and the answer tells nothing. */
class CloseAccountGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_close");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
    jdbc = TestDatabase.asOwner(dataSource);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @Test
  void closeEndsPhoneAndPersonBindingsAndKeepsThePerson() {
    String account = unique("closing");
    Citizen citizen = TestCitizens.bornIn(1975);
    grpc.bind("platform-a", account, "+84912000401", unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, citizen));

    grpc.closeAccount(PLATFORM_A, account);

    AccountVerification answer = grpc.check(PLATFORM_A, account);
    assertThat(answer.getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(answer.getCapabilitiesList()).isEmpty();
    assertThat(answer.hasSubjectId()).isFalse();
    assertThat(jdbc.sql("""
            SELECT b.revoke_reason FROM phone_bindings b JOIN accounts a ON a.id = b.account WHERE a.account_blind_index = ?
            UNION ALL
            SELECT pb.end_reason FROM person_bindings pb JOIN accounts a ON a.id = pb.account WHERE a.account_blind_index = ?""")
        .param(grpc.index("platform-a", account)).param(grpc.index("platform-a", account)).query(String.class).list()).containsExactly("account-closed", "account-closed");
    // Lawful requests about the past still find the person.
    assertThat(grpc.persons.identity(new AccountRef("platform-a", account)))
        .hasValueSatisfying(identity -> assertThat(identity.citizenId()).isEqualTo(citizen.nationalId()));
  }

  @Test
  void closeTwiceOrCloseAnAccountNeverSeenSucceedsAndCreatesNothing() {
    String account = unique("twice");
    grpc.bind("platform-a", account, "+84912000402", unique("v"));
    String stranger = unique("stranger");

    grpc.closeAccount(PLATFORM_A, account);
    grpc.closeAccount(PLATFORM_A, account);
    grpc.closeAccount(PLATFORM_A, stranger);

    assertThat(grpc.check(PLATFORM_A, account).getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(grpc.check(PLATFORM_A, stranger).getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(jdbc.sql("SELECT count(*)::int FROM accounts WHERE account_blind_index = ?")
        .param(grpc.index("platform-a", stranger))
        .query(Integer.class).single()).isZero();
  }

  @Test
  void closeOfAnotherPlatformsAccountClosesNothingThere() {
    String account = unique("theirs");
    grpc.bind("platform-b", account, "+84912000403", unique("v"));

    grpc.closeAccount(PLATFORM_A, account);

    assertThat(grpc.check(PLATFORM_B, account).getLevel()).isEqualTo(VerificationLevel.PHONE);
  }

  @Test
  void closeWhenAccountIdMalformedThenInvalidArgument() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc.accounts(PLATFORM_A)
        .closeAccount(CloseAccountRequest.newBuilder().setAccountId("a/b").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aClosedAccountCanBeRegisteredAgain() {
    String account = unique("reused");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1982)));
    grpc.closeAccount(PLATFORM_A, account);

    AccountVerification again = grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1983)));

    assertThat(again.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
  }
}
