package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Errors.badField;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.get;
import static org.idnet.otp.testing.Calls.resend;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.CreatePhoneVerificationRequest;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may see what, bad input, and time: ownership, validation and expiry over gRPC. */
class AccessAndExpiryTest {

  static final String PHONE = "0912345678";
  static final String E164 = "+84912345678";

  static OtpHarness otp;
  PhoneVerificationServiceBlockingStub platformA;
  PhoneVerificationServiceBlockingStub platformB;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(9, p -> { });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
    platformA = otp.platform("platform-a");
    platformB = otp.platform("platform-b");
  }

  @Test
  void getCheckResendWhenAnotherPlatformsIdThenNotFoundLikeUnknownId() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    String code = otp.sms.lastCodeTo(E164);
    String unknown = "AAAAAAAAAAAAAAAAAAAAAA";

    assertSameNotFound(failure(() -> get(platformB, v.getId())), failure(() -> get(platformB, unknown)));
    assertSameNotFound(failure(() -> check(platformB, v.getId(), code)), failure(() -> check(platformB, unknown, code)));
    otp.clock.advance(Duration.ofSeconds(61));
    assertSameNotFound(failure(() -> resend(platformB, v.getId())), failure(() -> resend(platformB, unknown)));
    assertSameNotFound(failure(() -> get(platformA, "../../etc")), failure(() -> get(platformA, unknown)));

    // Platform B's attempts changed nothing for platform A.
    assertThat(get(platformA, v.getId()).getAttemptsRemaining()).isEqualTo(5);
    assertThat(check(platformA, v.getId(), code).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void createWhenInvalidInputThenInvalidArgumentNamingTheField() {
    StatusRuntimeException phone = failure(() -> create(platformA, "acc-1", "024 3826 1234"));
    assertThat(code(phone)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(phone)).isEqualTo("invalid-phone-number");
    assertThat(badField(phone)).contains("phoneNumber");

    StatusRuntimeException account = failure(() -> create(platformA, "acc 1", PHONE));
    assertThat(code(account)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(account)).isEqualTo("invalid-account-id");
    assertThat(badField(account)).contains("accountId");
    assertThat(otp.sms.attempts()).isZero();
  }

  @Test
  void createWhenNoCallerStatedThenUnauthenticated() {
    StatusRuntimeException e = failure(() -> otp.withoutCaller().createPhoneVerification(
        CreatePhoneVerificationRequest.newBuilder().setAccountId("acc-1").setPhoneNumber(PHONE).build()));
    assertThat(code(e)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(otp.sms.attempts()).isZero();
  }

  @Test
  void createWhenNumberKnownOrUnknownThenAnswersLookAlike() {
    // The first number is bound to an account already; the second is new to the network.
    PhoneVerification first = create(platformA, "acc-1", PHONE);
    check(platformA, first.getId(), otp.sms.lastCodeTo(E164));
    PhoneVerification known = create(platformA, "acc-2", PHONE);
    PhoneVerification unknown = create(platformA, "acc-3", "0987654321");

    assertThat(known.toBuilder().clearId().clearPhoneNumber().clearAccountId().build())
        .isEqualTo(unknown.toBuilder().clearId().clearPhoneNumber().clearAccountId().build());
    assertThat(known.getPhoneNumber()).hasSize(unknown.getPhoneNumber().length());
  }

  @Test
  void checkWhenExpiredThenReadsExpiredAndCheckAndResendClosed() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    String code = otp.sms.lastCodeTo(E164);

    otp.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(get(platformA, v.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.EXPIRED);
    assertThat(reason(failure(() -> check(platformA, v.getId(), code)))).isEqualTo("verification-closed");
    assertThat(reason(failure(() -> resend(platformA, v.getId())))).isEqualTo("verification-closed");
    assertThat(otp.identity.calls()).isEmpty();
    assertThat(otp.sms.attempts()).isEqualTo(1);
  }

  @Test
  void checkWhenJustBeforeExpiryThenApproved() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    otp.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(check(platformA, v.getId(), otp.sms.lastCodeTo(E164)).getStatus())
        .isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  static void assertSameNotFound(StatusRuntimeException foreign, StatusRuntimeException unknown) {
    assertThat(code(foreign)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(reason(foreign)).isEqualTo("not-found");
    assertThat(foreign.getStatus().getDescription()).isEqualTo(unknown.getStatus().getDescription());
    assertThat(io.grpc.protobuf.StatusProto.fromThrowable(foreign))
        .isEqualTo(io.grpc.protobuf.StatusProto.fromThrowable(unknown));
  }
}
