package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.get;
import static org.idnet.otp.testing.Calls.resend;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the SMS provider or identity-service fails, nothing is left half-done. */
class PartialFailureTest {

  static OtpHarness otp;
  PhoneVerificationServiceBlockingStub stub;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(5, p -> {
      p.maxVerificationsPerPhone = 10;
      p.maxVerificationsPerPhonePerPlatform = 2;
      p.maxSends = 2;
      p.bindLease = Duration.ofSeconds(30);
    });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
    stub = otp.platform("platform-a");
  }

  @Test
  void createWhenSmsFailsThenUnavailableAndNothingLeftBehind() {
    otp.sms.failing(true);

    StatusRuntimeException e = failure(() -> create(stub, "acc-1", "0912345678"));

    assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(e)).isEqualTo("sms-unavailable");
    List<String> verifications = otp.redis.call(r -> r.keys("otp:v:*"));
    List<String> counters = otp.redis.call(r -> r.keys("otp:lim:*"));
    assertThat(verifications).isEmpty();
    // Per platform; per phone, in all and for the platform; per prefix, in all and for the platform.
    assertThat(counters).hasSize(5).allSatisfy(key -> {
      String count = otp.redis.call(r -> r.get(key));
      assertThat(count).isEqualTo("0");
    });
    // The failed attempts used none of the platform's 2 verifications of the phone per hour.
    otp.sms.failing(false);
    create(stub, "acc-1", "0912345678");
    create(stub, "acc-1", "0912345678");
  }

  @Test
  void resendWhenSmsFailsThenUnavailableAndOldCodeStillApproves() {
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    otp.clock.advance(Duration.ofSeconds(60));
    otp.sms.failing(true);

    StatusRuntimeException e = failure(() -> resend(stub, v.getId()));

    assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(e)).isEqualTo("sms-unavailable");
    assertThat(check(stub, v.getId(), code).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void resendWhenSmsFailsThenTheSendDoesNotCount() {
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    otp.clock.advance(Duration.ofSeconds(60));
    otp.sms.failing(true);
    failure(() -> resend(stub, v.getId()));
    PhoneVerification after = get(stub, v.getId());
    // Both prefix counters, in all and the platform's, gave back what the resend took.
    List<String> prefixCounters = otp.redis.call(r -> r.keys("otp:lim:prefix*"));
    assertThat(prefixCounters).hasSize(2)
        .allSatisfy(key -> {
          String count = otp.redis.call(r -> r.get(key));
          assertThat(count).isEqualTo("1");
        });
    assertThat(after.getResendAvailableAt()).isEqualTo(v.getResendAvailableAt());
    assertThat(after.getExpiresAt()).isEqualTo(v.getExpiresAt());

    // maxSends is 2: the failed resend left room for exactly one more.
    otp.sms.failing(false);
    resend(stub, v.getId());
    otp.clock.advance(Duration.ofSeconds(60));
    assertThat(reason(failure(() -> resend(stub, v.getId())))).isEqualTo("send-limit-reached");
    assertThat(otp.sms.sent()).hasSize(2);
  }

  @Test
  void checkWhenIdentityFailsThenUnavailableAndSameCodeApprovesLater() {
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    otp.identity.failing(true);

    StatusRuntimeException e = failure(() -> check(stub, v.getId(), code));

    assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(e)).isEqualTo("identity-unavailable");
    PhoneVerification between = get(stub, v.getId());
    assertThat(between.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(between.getAttemptsRemaining()).isEqualTo(5);

    otp.identity.failing(false);
    assertThat(check(stub, v.getId(), code).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(otp.identity.calls()).hasSize(1);
  }

  @Test
  void getWhenBindingInProgressThenPendingAndParallelCheckAborted() throws Exception {
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    otp.identity.delay(1500);
    Thread checker = new Thread(() -> check(stub, v.getId(), code));
    checker.start();
    Thread.sleep(500);

    PhoneVerification during = get(stub, v.getId());
    StatusRuntimeException parallel = failure(() -> check(stub, v.getId(), code));
    checker.join();

    assertThat(during.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(code(parallel)).isEqualTo(Status.Code.ABORTED);
    assertThat(reason(parallel)).isEqualTo("verification-in-progress");
    assertThat(get(stub, v.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(otp.identity.calls()).hasSize(1);
  }

  @Test
  void checkWhenBinderVanishedMidwayThenCodeCountsAgainAfterTheLease() {
    // A checker that consumed the code and died (no release) blocks the verification only for
    // the lease; then the same code approves.
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    otp.redis.call(r -> r.hset("otp:v:" + v.getId(), java.util.Map.of("st", "BINDING", "lt", "gone",
        "lease", Long.toString(otp.clock.instant().plusSeconds(30).toEpochMilli()))));

    assertThat(reason(failure(() -> check(stub, v.getId(), code)))).isEqualTo("verification-in-progress");
    otp.clock.advance(Duration.ofSeconds(31));
    assertThat(check(stub, v.getId(), code).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }
}
