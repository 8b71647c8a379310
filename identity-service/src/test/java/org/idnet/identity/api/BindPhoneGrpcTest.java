package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.OTP;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.badRequest;
import static org.idnet.identity.api.GrpcHarness.bindRequest;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.PhoneBindingRequest;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.domain.PhoneStanding;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** BindPhone as phone-otp-service calls it, and the failures it may see. */
class BindPhoneGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_bind");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  @Test
  void bindWhenRetriedWithSameVerificationThenSameAnswer() {
    String account = unique("dave");
    String verification = unique("v");

    AccountVerification first = grpc.bind("platform-a", account, "+84912345681", verification);
    AccountVerification retry = grpc.bind("platform-a", account, "+84912345681", verification);

    assertThat(first.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(retry).isEqualTo(first);
  }

  @Test
  void bindWhenAnotherNumberThenStillOneActivePhoneBinding() {
    String account = unique("erin");
    grpc.bind("platform-a", account, "+84912345682", unique("v"));

    AccountVerification rebound = grpc.bind("platform-a", account, "+84912345683", unique("v"));

    assertThat(rebound.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(JdbcClient.create(dataSource).sql("SELECT count(*)::int FROM phone_bindings WHERE revoked_at IS NULL "
        + "AND account = (SELECT id FROM accounts WHERE account_blind_index = ?)").param(grpc.index("platform-a", account)).query(Integer.class).single())
        .isEqualTo(1);
  }

  @Test
  void bindPhoneWhenCalledByAPlatformThenPermissionDeniedAndNothingBound() {
    String account = unique("frank");
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.binds(PLATFORM_A).bindPhone(bindRequest("platform-a", account, "+84912345684", unique("v"))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(grpc.check(PLATFORM_A, account).getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
  }

  @Test
  void bindWhenInputMalformedThenInvalidArgumentWithReasonAndFieldAndNothingBound() throws Exception {
    record Case(BindPhoneRequest request, String reason, String field) {
    }
    BindPhoneRequest good = bindRequest("platform-a", unique("gina"), "+84912345685", unique("v"));
    for (Case c : new Case[] {
        new Case(good.toBuilder().setPhoneNumber("0912345685").build(), "invalid-phone-number", "phoneNumber"),
        new Case(good.toBuilder().setPhoneNumber("+84 912 345 685").build(), "invalid-phone-number", "phoneNumber"),
        new Case(good.toBuilder().setAccountId("").build(), "invalid-account-id", "accountId"),
        new Case(good.toBuilder().setVerificationId("").build(), "invalid-verification-id", "verificationId"),
        new Case(good.toBuilder().setPlatformId("").build(), "invalid-platform-id", "platformId")}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.binds(OTP).bindPhone(c.request()));

      assertThat(e.getStatus().getCode()).as(c.reason()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorInfo(e).getReason()).isEqualTo(c.reason());
      assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo(c.field());
      assertThat(e.getStatus().getDescription()).doesNotContain("912").doesNotContain("345");
    }
    assertThat(grpc.check(PLATFORM_A, good.getAccountId()).getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
  }

  @Test
  void bindWhenVerificationAlreadyBoundAnotherAccountThenAlreadyExists() throws Exception {
    String verification = unique("v");
    grpc.bind("platform-a", unique("hank"), "+84912345686", verification);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.bind("platform-a", unique("ivy"), "+84912345686", verification));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(errorInfo(e).getReason()).isEqualTo("verification-already-used");
  }

  @Test
  void callsWhenPostgresDownThenUnavailableStoreUnavailableFast() throws Exception {
    try (HikariDataSource unreachable = TestDatabase.unreachable();
        GrpcHarness down = GrpcHarness.over(unreachable, GrpcHarness.newKeys()).start()) {
      long start = System.nanoTime();
      StatusRuntimeException checkFailure = catchThrowableOfType(StatusRuntimeException.class,
          () -> down.check(PLATFORM_A, "alice"));
      StatusRuntimeException bindFailure = catchThrowableOfType(StatusRuntimeException.class,
          () -> down.bind("platform-a", "alice", "+84912345687", "v-down"));

      for (StatusRuntimeException e : new StatusRuntimeException[] {checkFailure, bindFailure}) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(errorInfo(e).getReason()).isEqualTo("store-unavailable");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void callWhenSomethingUnexpectedFailsThenGenericInternalAndNoNumberLogged(CapturedOutput output) throws Exception {
    PhoneBindingStore broken = new PhoneBindingStore() {
      @Override
      public PhoneStanding bind(PhoneBindingRequest request, Instant now) {
        throw new IllegalStateException("bug while binding " + request.phone().e164());
      }

      @Override
      public PhoneStanding standing(AccountRef account) {
        throw new IllegalStateException("bug for " + account.accountId());
      }

      @Override
      public Optional<org.idnet.identity.domain.BoundPhone> activeBinding(AccountRef account) {
        throw new UnsupportedOperationException();
      }
    };
    try (GrpcHarness failing = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).phoneStore(broken).start()) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> failing.bind("platform-a", "alice", "+84912345688", "v-bug"));

      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(e.getStatus().getDescription()).isEqualTo("internal error");
      assertThat(errorInfo(e).getReason()).isEqualTo("internal");
      assertThat(output.getAll()).contains("IllegalStateException").doesNotContain("912345688");
    }
  }
}
