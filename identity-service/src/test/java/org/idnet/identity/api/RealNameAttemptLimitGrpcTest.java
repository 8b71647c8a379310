package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.VIETNAM;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.rpc.RetryInfo;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.LocalDate;
import java.util.List;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.identity.v1.VerificationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * At most 5 failed register confirmations per citizen id and day, all platforms together: the
 * birth date of someone whose name and national id are known cannot be found by trying dates.
 */
class RealNameAttemptLimitGrpcTest {

  static final int LIMIT = 5;
  /** Midnight after NOW (12:06 on 2026-03-04 in Vietnam) in Vietnam, in whole seconds rounded up. */
  static final long SECONDS_TO_MIDNIGHT = 42_833;

  static HikariDataSource dataSource;
  static KeyProvider keys;
  static CountingRegister register;
  static GrpcHarness grpc;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_real_name_limit");
    keys = GrpcHarness.newKeys();
    register = new CountingRegister();
    grpc = GrpcHarness.over(dataSource, keys).register(register).maxFailedConfirmations(LIMIT).start();
    jdbc = TestDatabase.asOwner(dataSource);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void reset() {
    grpc.clock.set(NOW);
    register.down = false;
  }

  /** The citizen's id and name with a wrong birth date of the right year (1-30 days off): a guess. */
  static RealNameForm guess(Citizen citizen, int days) {
    LocalDate born = citizen.dateOfBirth();
    LocalDate guessed = born.plusDays(days).getYear() == born.getYear() ? born.plusDays(days) : born.minusDays(days);
    return new RealNameForm(unique("guesser"), citizen.fullName().value(), citizen.nationalId().value(),
        guessed.toString(), null);
  }

  static StatusRuntimeException refusal(org.idnet.caller.Caller platform, RealNameForm form) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> grpc.registerRealName(platform, form));
  }

  static String reason(StatusRuntimeException e) {
    try {
      return errorInfo(e).getReason();
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
  }

  static Integer failures(Citizen citizen) {
    byte[] index = new BlindIndex(keys).of("citizen-id", citizen.nationalId().value());
    return jdbc.sql("SELECT failures FROM real_name_failures WHERE citizen_id_blind_index = ?").param(index)
        .query(Integer.class).optional().orElse(0);
  }

  @Test
  void theSixthFailedConfirmationOfACitizenIdIsRefusedWhateverThePlatformAndTheRegisterIsNotAsked()
      throws Exception {
    Citizen victim = TestCitizens.bornMidYear(1988);
    for (int i = 1; i <= LIMIT; i++) {
      StatusRuntimeException e = refusal(i % 2 == 0 ? PLATFORM_A : PLATFORM_B, guess(victim, i));
      assertThat(reason(e)).as("guess %d", i).isEqualTo("identity-not-confirmed");
    }

    StatusRuntimeException sixth = refusal(PLATFORM_A, guess(victim, LIMIT + 1));
    StatusRuntimeException onB = refusal(PLATFORM_B, guess(victim, LIMIT + 2));
    // The right details too: the day is spent for this id, whoever asks.
    StatusRuntimeException right = refusal(PLATFORM_B, TestCitizens.form(unique("owner"), victim));

    for (StatusRuntimeException e : List.of(sixth, onB, right)) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(reason(e)).isEqualTo("too-many-failed-confirmations");
      assertThat(StatusProto.fromThrowable(e).getDetailsList()).filteredOn(d -> d.is(RetryInfo.class))
          .singleElement().satisfies(d -> assertThat(d.unpack(RetryInfo.class).getRetryDelay().getSeconds())
              .isEqualTo(SECONDS_TO_MIDNIGHT));
    }
    assertThat(register.calls(victim.nationalId())).isEqualTo(LIMIT);
    // Another citizen is not affected.
    Citizen other = TestCitizens.bornMidYear(1988);
    assertThat(grpc.registerRealName(PLATFORM_A, TestCitizens.form(unique("other"), other)).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
  }

  @Test
  void parallelGuessesFromTwoPlatformsReachTheRegisterAtMostFiveTimes() throws Exception {
    Citizen victim = TestCitizens.bornMidYear(1975);

    List<Object> outcomes = GrpcParallel.run(20, () -> {
      long n = Thread.currentThread().threadId();
      return grpc.registerRealName(n % 2 == 0 ? PLATFORM_A : PLATFORM_B, guess(victim, 1 + (int) (n % 30)));
    });

    assertThat(outcomes).allMatch(StatusRuntimeException.class::isInstance);
    assertThat(outcomes).filteredOn(o -> reason((StatusRuntimeException) o).equals("identity-not-confirmed"))
        .hasSize(LIMIT);
    // The rest were refused before the register: for the day's failures, or for attempts in flight.
    assertThat(outcomes).filteredOn(o -> List.of("too-many-failed-confirmations", "confirmation-in-progress")
        .contains(reason((StatusRuntimeException) o))).hasSize(20 - LIMIT);
    assertThat(register.calls(victim.nationalId())).isEqualTo(LIMIT);
    assertThat(reason(refusal(PLATFORM_A, guess(victim, 1)))).isEqualTo("too-many-failed-confirmations");
  }

  /**
   * The person registering several accounts at once: while five of their attempts are with the
   * register, a sixth is told to retry in a moment (not tomorrow: nothing has failed), and succeeds
   * when it does; none of it counts as a failure.
   */
  @Test
  void attemptsInFlightAreNoFailuresAndTheirRefusalSaysRetryInAMoment() throws Exception {
    Citizen person = TestCitizens.bornMidYear(1981);
    register.hold = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(LIMIT);
    try {
      List<java.util.concurrent.Future<VerificationLevel>> inFlight = new java.util.ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        inFlight.add(pool.submit(() -> grpc.registerRealName(PLATFORM_A,
            TestCitizens.form(unique("owner"), person)).getLevel()));
      }
      long until = System.nanoTime() + 10_000_000_000L;
      while (register.calls(person.nationalId()) < LIMIT && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(register.calls(person.nationalId())).as("attempts with the register").isEqualTo(LIMIT);

      StatusRuntimeException sixth = refusal(PLATFORM_B, TestCitizens.form(unique("owner"), person));
      assertThat(sixth.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(reason(sixth)).isEqualTo("confirmation-in-progress");
      assertThat(StatusProto.fromThrowable(sixth).getDetailsList()).filteredOn(d -> d.is(RetryInfo.class))
          .singleElement().satisfies(d -> assertThat(d.unpack(RetryInfo.class).getRetryDelay().getSeconds())
              .isEqualTo(1));
      assertThat(register.calls(person.nationalId())).as("the sixth did not reach the register").isEqualTo(LIMIT);
      // A replica of the release before V9 (during a rolling upgrade) reads only failures: it is refused too.
      byte[] index = new BlindIndex(keys).of("citizen-id", person.nationalId().value());
      assertThat(jdbc.sql("""
              INSERT INTO real_name_failures AS f (day, citizen_id_blind_index, failures) VALUES (?, ?, 1)
              ON CONFLICT (day, citizen_id_blind_index) DO UPDATE SET failures = f.failures + 1
              WHERE f.failures < ?
              RETURNING failures""")
          .param(NOW.atZone(VIETNAM).toLocalDate()).param(index).param(LIMIT)
          .query(Integer.class).optional()).as("the release before V9 reserving").isEmpty();

      register.hold.countDown();
      for (var attempt : inFlight) {
        assertThat(attempt.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(VerificationLevel.REAL_NAME);
      }
    } finally {
      register.hold.countDown();
      register.hold = null;
      pool.shutdownNow();
    }
    assertThat(grpc.registerRealName(PLATFORM_B, TestCitizens.form(unique("owner"), person)).getLevel())
        .as("the sixth, retried").isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(failures(person)).isZero();
    assertThat(pending(person)).isZero();
  }

  /**
   * Attempts left in flight by a process that died before the register answered cannot block the id
   * with "retry in a moment" for the rest of the day: once their row is a minute old they count as
   * failures (the safe side), and the refusal says so.
   */
  @Test
  void attemptsLeftInFlightByAStoppedProcessCountAsFailuresOnceStale() {
    Citizen stuck = TestCitizens.bornMidYear(1977);
    Citizen fresh = TestCitizens.bornMidYear(1979);
    leaveInFlight(stuck, 1, LIMIT - 1, "now() - interval '2 minutes'");
    leaveInFlight(fresh, 1, LIMIT - 1, "now()");

    assertThat(reason(refusal(PLATFORM_A, TestCitizens.form(unique("owner"), fresh))))
        .isEqualTo("confirmation-in-progress");
    assertThat(reason(refusal(PLATFORM_A, TestCitizens.form(unique("owner"), stuck))))
        .isEqualTo("too-many-failed-confirmations");
    assertThat(failures(stuck)).isEqualTo(LIMIT);
    assertThat(pending(stuck)).isZero();
    // The stopped process's attempts, settled late (after the stale rule took them), give nothing back.
    var store = new org.idnet.identity.store.JdbcFailedConfirmations(dataSource, new BlindIndex(keys));
    store.giveBack(stuck.nationalId(), NOW.atZone(VIETNAM).toLocalDate());
    assertThat(failures(stuck)).isEqualTo(LIMIT);
    assertThat(reason(refusal(PLATFORM_A, TestCitizens.form(unique("owner"), stuck))))
        .isEqualTo("too-many-failed-confirmations");
    assertThat(register.calls(stuck.nationalId()) + register.calls(fresh.nationalId())).isZero();
  }

  /** A row as a process that stopped mid-attempt leaves it, on the harness's day ({@code failures} counts both). */
  static void leaveInFlight(Citizen citizen, int failed, int pending, String changedAt) {
    byte[] index = new BlindIndex(keys).of("citizen-id", citizen.nationalId().value());
    jdbc.sql("INSERT INTO real_name_failures (day, citizen_id_blind_index, failures, pending, changed_at) "
            + "VALUES (?, ?, ?, ?, " + changedAt + ")")
        .param(NOW.atZone(VIETNAM).toLocalDate()).param(index).param(failed + pending).param(pending).update();
  }

  static Integer pending(Citizen citizen) {
    byte[] index = new BlindIndex(keys).of("citizen-id", citizen.nationalId().value());
    return jdbc.sql("SELECT pending FROM real_name_failures WHERE citizen_id_blind_index = ?").param(index)
        .query(Integer.class).optional().orElse(0);
  }

  @Test
  void aConfirmationDoesNotResetTheDaysFailuresAndAnOutageIsNoFailure() {
    Citizen citizen = TestCitizens.bornMidYear(1993);
    for (int i = 1; i < LIMIT; i++) {
      refusal(PLATFORM_A, guess(citizen, i));
    }
    register.down = true;
    for (int i = 0; i < 3; i++) {
      assertThat(reason(refusal(PLATFORM_B, TestCitizens.form(unique("owner"), citizen))))
          .isEqualTo("register-unavailable");
    }
    register.down = false;

    assertThat(grpc.registerRealName(PLATFORM_B, TestCitizens.form(unique("owner"), citizen)).getLevel())
        .isEqualTo(VerificationLevel.REAL_NAME);
    int afterConfirmation = failures(citizen);
    String fifth = reason(refusal(PLATFORM_A, guess(citizen, 20)));
    String sixth = reason(refusal(PLATFORM_A, guess(citizen, 21)));

    assertThat(afterConfirmation).isEqualTo(LIMIT - 1);
    assertThat(fifth).isEqualTo("identity-not-confirmed");
    assertThat(sixth).isEqualTo("too-many-failed-confirmations");
  }

  @Test
  void theCountKeepsOnlyTheBlindIndexAndEndsWithTheDay() {
    Citizen citizen = TestCitizens.bornMidYear(1969);
    for (int i = 1; i <= LIMIT; i++) {
      refusal(PLATFORM_A, guess(citizen, i));
    }
    String dump = TestDatabase.dump(dataSource);

    // Midnight in Vietnam: a new day, new tries; yesterday's rows are gone.
    grpc.clock.set(LocalDate.of(2026, 3, 5).atStartOfDay(VIETNAM).toInstant().plusSeconds(1));
    String nextDay = reason(refusal(PLATFORM_A, guess(citizen, 30)));

    assertThat(failures(citizen)).isEqualTo(1);
    assertThat(dump).contains("-- real_name_failures").doesNotContain(citizen.nationalId().value());
    assertThat(nextDay).isEqualTo("identity-not-confirmed");
    assertThat(jdbc.sql("SELECT count(*)::int FROM real_name_failures WHERE day < '2026-03-05'")
        .query(Integer.class).single()).isZero();
  }
}
