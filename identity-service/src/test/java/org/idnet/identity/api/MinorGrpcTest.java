package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.VIETNAM;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AgeBand;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.VerificationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts of people under 16: a guardian is required, COMMERCE never granted, and the 16th birthday counts by itself. */
class MinorGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_minor");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void resetClock() {
    grpc.clock.set(NOW);
  }

  static String adultGuardian(org.idnet.caller.Caller platform) {
    String guardian = unique("parent");
    grpc.registerRealName(platform, TestCitizens.form(guardian, TestCitizens.bornIn(1980)));
    return guardian;
  }

  static StatusRuntimeException refused(Citizen minor, String guardian) {
    return catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("kid"), minor, guardian)));
  }

  @Test
  void minorWithoutGuardianThenGuardianRequiredAndNothingRecorded() throws Exception {
    String kid = unique("kid");
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(kid, TestCitizens.bornIn(2015))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(errorInfo(e).getReason()).isEqualTo("guardian-required");
    assertThat(grpc.check(PLATFORM_A, kid).getLevel()).isEqualTo(VerificationLevel.NONE);
  }

  @Test
  void minorWithAdultRealNameGuardianThenMinorWithoutCommerceAndTheGuardianIsStored() {
    String guardian = adultGuardian(PLATFORM_A);
    String kid = unique("kid");

    AccountVerification answer = grpc.registerRealName(PLATFORM_A,
        TestCitizens.form(kid, TestCitizens.bornIn(2014), guardian));

    assertThat(answer.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(answer.getAgeBand()).isEqualTo(AgeBand.MINOR);
    assertThat(answer.getCapabilitiesList()).containsExactly(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM);
    assertThat(answer.hasSubjectId()).isTrue();
    assertThat(JdbcClient.create(dataSource).sql("""
            SELECT g.account_blind_index FROM person_bindings pb
            JOIN accounts a ON a.id = pb.account JOIN accounts g ON g.id = pb.guardian_account
            WHERE a.account_blind_index = ?""").param(grpc.index("platform-a", kid)).query(byte[].class).single())
        .isEqualTo(grpc.index("platform-a", guardian));
  }

  @Test
  void minorWhenGuardianIsNotAnAdultRealNameOtherAccountOfThePlatformThenGuardianRequired() throws Exception {
    Citizen kid = TestCitizens.bornIn(2013);
    String phoneOnly = unique("phone-parent");
    grpc.bind("platform-a", phoneOnly, "+84912000101", unique("v"));
    String minorGuardian = unique("teen");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(minorGuardian, TestCitizens.bornIn(2012),
        adultGuardian(PLATFORM_A)));
    String onOtherPlatform = adultGuardian(PLATFORM_B);
    String closed = adultGuardian(PLATFORM_A);
    grpc.closeAccount(PLATFORM_A, closed);
    String self = unique("kid");

    List<String> guardians = List.of(unique("nobody"), phoneOnly, minorGuardian, onOtherPlatform, closed);
    for (String guardian : guardians) {
      StatusRuntimeException e = refused(kid, guardian);

      assertThat(e.getStatus().getCode()).as(guardian).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(errorInfo(e).getReason()).as(guardian).isEqualTo("guardian-required");
    }
    StatusRuntimeException itself = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.registerRealName(PLATFORM_A, TestCitizens.form(self, kid, self)));
    assertThat(errorInfo(itself).getReason()).isEqualTo("guardian-required");
    // The refused minor left nothing behind: no person row.
    assertThat(grpc.persons.identity(new org.idnet.identity.domain.AccountRef("platform-a", self))).isEmpty();
  }

  @Test
  void minorTurningSixteenReadsAdultWithCommerceWithoutAnyStep() throws Exception {
    Citizen teen = TestCitizens.bornMidYear(2010);
    LocalDate birthday = teen.dateOfBirth().plusYears(16);
    Instant sixteenth = birthday.atStartOfDay(VIETNAM).toInstant();
    grpc.clock.set(sixteenth.minus(Duration.ofHours(20)));
    String guardian = adultGuardian(PLATFORM_A);
    String kid = unique("kid");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(kid, teen, guardian));

    AccountVerification before = grpc.check(PLATFORM_A, kid);
    Thread.sleep(GrpcHarness.INVALIDATION_HOLD.toMillis() + 100);
    AccountVerification again = grpc.check(PLATFORM_A, kid);
    String cached = grpc.redis(c -> c.get(grpc.cache.key("platform-a", kid)));
    grpc.clock.set(sixteenth);
    AccountVerification after = grpc.check(PLATFORM_A, kid);

    assertThat(before.getAgeBand()).isEqualTo(AgeBand.MINOR);
    assertThat(again.getAgeBand()).isEqualTo(AgeBand.MINOR);
    assertThat(before.getCapabilitiesList()).doesNotContain(Capability.COMMERCE);
    // Not cached at all in the year of the birthday: an entry held until the birthday would tell it.
    assertThat(cached).isNull();
    assertThat(after.getAgeBand()).isEqualTo(AgeBand.ADULT);
    assertThat(after.getCapabilitiesList()).contains(Capability.COMMERCE);
    assertThat(after.getSubjectId()).isEqualTo(before.getSubjectId());
    assertThat(grpc.lookup(PLATFORM_A, List.of(kid)).getFirst().getAgeBand()).isEqualTo(AgeBand.ADULT);
  }

  @Test
  void minorYearsFromSixteenIsCachedUntilNewYearOfTheBirthdayYearAtMost() throws Exception {
    Citizen kid = TestCitizens.bornMidYear(2013);
    String account = unique("kid");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, kid, adultGuardian(PLATFORM_A)));
    Instant newYear = LocalDate.of(2029, 1, 1).atStartOfDay(VIETNAM).toInstant();
    grpc.clock.set(newYear.minus(Duration.ofMinutes(3)));

    assertThat(grpc.cachedEntry("platform-a", account)).startsWith("3VRM|").contains("|" + newYear.toEpochMilli() + "|");
    assertThat(grpc.cachedMillis("platform-a", account)).isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(3).toMillis());
  }

  @Test
  void minorsYearsFromSixteenStayMinorsUntilTheBirthdayNotUntilNewYear() {
    Citizen kid = TestCitizens.bornMidYear(2012);
    String account = unique("kid");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, kid, adultGuardian(PLATFORM_A)));
    LocalDate birthday = kid.dateOfBirth().plusYears(16);

    grpc.clock.set(LocalDate.of(birthday.getYear(), 1, 1).atStartOfDay(VIETNAM).toInstant().plusSeconds(1));
    AgeBand newYear = grpc.check(PLATFORM_A, account).getAgeBand();
    grpc.clock.set(birthday.atStartOfDay(VIETNAM).toInstant().minusSeconds(1));
    AgeBand eve = grpc.check(PLATFORM_A, account).getAgeBand();
    grpc.clock.set(birthday.atStartOfDay(VIETNAM).toInstant());
    AgeBand day = grpc.check(PLATFORM_A, account).getAgeBand();

    assertThat(List.of(newYear, eve, day)).containsExactly(AgeBand.MINOR, AgeBand.MINOR, AgeBand.ADULT);
  }
}
