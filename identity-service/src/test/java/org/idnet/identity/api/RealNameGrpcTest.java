package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.LocalDate;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.PopulationRegisterUnavailableException;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** RegisterRealName for adults: confirmation, persons, pairwise subjects, one person per account, limits. */
class RealNameGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_real_name");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).maxAccounts(2).start();
    jdbc = TestDatabase.asOwner(dataSource);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void resetClock() {
    grpc.clock.set(GrpcHarness.NOW);
  }

  static int count(String sql, Object... params) {
    var statement = jdbc.sql(sql);
    for (Object param : params) {
      statement = statement.param(param);
    }
    return statement.query(Integer.class).single();
  }

  @Test
  void registerWhenConfirmedThenRealNameAdultWithCommerceAndSubjectId() {
    String account = unique("anna");

    AccountVerification answer = grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1990)));

    assertThat(answer.getAccountId()).isEqualTo(account);
    assertThat(answer.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(answer.getAgeBand()).isEqualTo(AgeBand.ADULT);
    assertThat(answer.getCapabilitiesList())
        .containsExactly(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM, Capability.COMMERCE);
    assertThat(answer.getSubjectId()).matches("[A-Za-z0-9_-]{22}");
    assertThat(answer.getVerifiedAt().getSeconds()).isEqualTo(GrpcHarness.NOW.getEpochSecond());
    assertThat(grpc.check(PLATFORM_A, account)).isEqualTo(answer);
  }

  @Test
  void registerWhenRepeatedForTheSamePersonThenSameAnswerAndNothingNew() {
    String account = unique("bao");
    Citizen citizen = TestCitizens.bornIn(1985);
    AccountVerification first = grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, citizen));
    grpc.clock.advance(Duration.ofHours(1));

    // Typed differently: case and spacing do not make another person.
    var retyped = new org.idnet.identity.domain.RealNameForm(account,
        "  " + citizen.fullName().value().toUpperCase() + " ", citizen.nationalId().value(),
        citizen.dateOfBirth().toString(), null);
    AccountVerification again = grpc.registerRealName(PLATFORM_A, retyped);

    assertThat(again).isEqualTo(first);
    assertThat(count("SELECT count(*)::int FROM person_bindings pb JOIN accounts a ON a.id = pb.account "
        + "WHERE a.account_blind_index = ?", grpc.index("platform-a", account))).isEqualTo(1);
  }

  @Test
  void subjectIdIsStablePerPlatformAndUnrelatedAcrossPlatforms() {
    Citizen citizen = TestCitizens.bornIn(1979);
    String onA1 = grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("chi"), citizen)).getSubjectId();
    String onA2 = grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("chi"), citizen)).getSubjectId();
    String onB = grpc.registerRealName(PLATFORM_B, TestCitizens.form(unique("chi"), citizen)).getSubjectId();
    String other = grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("dung"), TestCitizens.bornIn(1979)))
        .getSubjectId();

    assertThat(onA2).isEqualTo(onA1);
    assertThat(onB).isNotEqualTo(onA1).matches("[A-Za-z0-9_-]{22}");
    assertThat(other).isNotEqualTo(onA1);
    // One person however many accounts and platforms.
    assertThat(count("SELECT count(DISTINCT person)::int FROM person_bindings pb JOIN pairwise_subjects s "
        + "USING (person) WHERE s.subject_id IN (?, ?)", onA1, onB)).isEqualTo(1);
  }

  @Test
  void registerWhenAccountAlreadyLinkedToAnotherPersonThenAlreadyExists() throws Exception {
    String account = unique("em");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1991)));
    Citizen intruder = TestCitizens.bornIn(1992);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, intruder)));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(errorInfo(e).getReason()).isEqualTo("account-already-registered");
    // The refused person was not even created.
    assertThat(count("SELECT count(*)::int FROM persons")).isEqualTo(count(
        "SELECT count(DISTINCT person)::int FROM person_bindings"));
  }

  @Test
  void registerWhenPersonHoldsThePlatformMaximumThenAccountLimitReachedElsewhereStillFine() throws Exception {
    Citizen citizen = TestCitizens.bornIn(1970);
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("giang"), citizen));
    String second = unique("giang");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(second, citizen));

    String third = unique("giang");
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(third, citizen)));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(errorInfo(e).getReason()).isEqualTo("account-limit-reached");
    assertThat(grpc.check(PLATFORM_A, third).getLevel()).isEqualTo(VerificationLevel.NONE);
    assertThat(count("SELECT count(*)::int FROM accounts WHERE account_blind_index = ?", grpc.index("platform-a", third)))
        .isZero();
    assertThat(grpc.registerRealName(PLATFORM_B, TestCitizens.form(unique("giang"), citizen)).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
    // A closed account frees its place.
    grpc.closeAccount(PLATFORM_A, second);
    assertThat(grpc.registerRealName(PLATFORM_A, TestCitizens.form(third, citizen)).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
  }

  @Test
  void registerWhenRegisterDoesNotConfirmThenFailedPreconditionNamingNoField() throws Exception {
    Citizen citizen = TestCitizens.bornMidYear(1988);
    LocalDate otherDay = citizen.dateOfBirth().plusDays(1);
    var wrongName = new org.idnet.identity.domain.RealNameForm(unique("hai"), "Someone Else",
        citizen.nationalId().value(), citizen.dateOfBirth().toString(), null);
    var wrongDate = new org.idnet.identity.domain.RealNameForm(unique("hai"), citizen.fullName().value(),
        citizen.nationalId().value(), otherDay.toString(), null);

    for (var form : new org.idnet.identity.domain.RealNameForm[] {wrongName, wrongDate}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.registerRealName(PLATFORM_A, form));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(errorInfo(e).getReason()).isEqualTo("identity-not-confirmed");
      assertThat(GrpcHarness.badRequest(e)).isEmpty();
      assertThat(e.getStatus().getDescription()).doesNotContainIgnoringCase("name").doesNotContain("nationalId")
          .doesNotContainIgnoringCase("date").doesNotContain(citizen.nationalId().value());
      assertThat(count("SELECT count(*)::int FROM accounts WHERE account_blind_index = ?",
          grpc.index("platform-a", form.accountId()))).isZero();
    }
  }

  @Test
  void registerWhenRegisterUnavailableThenUnavailableAndNothingRecorded() throws Exception {
    try (GrpcHarness down = GrpcHarness.over(dataSource, GrpcHarness.newKeys())
        .register((id, name, date) -> {
          throw new PopulationRegisterUnavailableException("register answered 503");
        }).start()) {
      String account = unique("khanh");
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> down.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1995))));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(errorInfo(e).getReason()).isEqualTo("register-unavailable");
      assertThat(count("SELECT count(*)::int FROM accounts WHERE account_blind_index = ?",
          down.index("platform-a", account))).isZero();
    }
  }

  @Test
  void registerAfterPhoneBindingThenRealNameSinceTheLinkAndPhoneStaysBound() {
    String account = unique("lan");
    grpc.bind("platform-a", account, "+84912000001", unique("v"));
    grpc.clock.advance(Duration.ofMinutes(5));

    AccountVerification answer = grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(2000)));

    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(answer.getVerifiedAt().getSeconds()).isEqualTo(grpc.clock.instant().getEpochSecond());
    assertThat(count("SELECT count(*)::int FROM phone_bindings b JOIN accounts a ON a.id = b.account "
        + "WHERE a.account_blind_index = ? AND b.revoked_at IS NULL", grpc.index("platform-a", account))).isEqualTo(1);
  }

  @Test
  void registerWhenCalledByACarrierThenPermissionDenied() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> grpc.registerRealName(
        GrpcHarness.CARRIER, TestCitizens.form(unique("minh"), TestCitizens.bornIn(1990))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }
}
