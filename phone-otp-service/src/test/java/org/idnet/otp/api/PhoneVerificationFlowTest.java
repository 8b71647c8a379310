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
import static org.idnet.otp.testing.Calls.wrong;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.idnet.otp.testing.Errors;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verification life cycle over gRPC, against real Redis. */
class PhoneVerificationFlowTest {

  static final String PHONE = "0912345678";
  static final String E164 = "+84912345678";

  static OtpHarness otp;
  PhoneVerificationServiceBlockingStub platformA;
  PhoneVerificationServiceBlockingStub platformB;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(1, p -> { });
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
  void createWhenValidThenPendingMaskedAndCodeSent() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);

    assertThat(v.getId()).matches("[A-Za-z0-9_-]{22}");
    assertThat(v.getAccountId()).isEqualTo("acc-1");
    assertThat(v.getPhoneNumber()).isEqualTo("+8491*****78");
    assertThat(v.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(v.getAttemptsRemaining()).isEqualTo(5);
    long now = otp.clock.instant().getEpochSecond();
    assertThat(v.getExpiresAt().getSeconds()).isEqualTo(now + 300);
    assertThat(v.getResendAvailableAt().getSeconds()).isEqualTo(now + 60);
    assertThat(otp.sms.sent()).singleElement().satisfies(sms -> {
      assertThat(sms.to()).isEqualTo(E164);
      assertThat(sms.text()).matches("Your idnet code is [0-9]{6}\\. It expires in 5 minutes\\. Never share it\\.");
    });
  }

  @Test
  void getWhenOwnVerificationThenSameMaskedView() {
    PhoneVerification created = create(platformA, "acc-1", PHONE);
    PhoneVerification read = get(platformA, created.getId());
    assertThat(read).isEqualTo(created);
  }

  @Test
  void checkWhenRightCodeThenApprovedAndBoundOnce() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);

    PhoneVerification checked = check(platformA, v.getId(), otp.sms.lastCodeTo(E164));

    assertThat(checked.getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(checked.getPhoneNumber()).isEqualTo("+8491*****78");
    assertThat(get(platformA, v.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(otp.identity.calls()).singleElement().satisfies(call -> {
      assertThat(call.request().getPlatformId()).isEqualTo("platform-a");
      assertThat(call.request().getAccountId()).isEqualTo("acc-1");
      assertThat(call.request().getPhoneNumber()).isEqualTo(E164);
      assertThat(call.request().getVerificationId()).isEqualTo(v.getId());
      assertThat(call.peer()).isEqualTo(new org.idnet.caller.Peer("phone-otp-service"));
    });
  }

  @Test
  void checkWhenCodeReusedThenClosed() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    String code = otp.sms.lastCodeTo(E164);
    check(platformA, v.getId(), code);

    StatusRuntimeException e = failure(() -> check(platformA, v.getId(), code));

    assertThat(code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(reason(e)).isEqualTo("verification-closed");
    assertThat(Errors.domain(e)).isEqualTo("idnet.org");
    assertThat(otp.identity.calls()).hasSize(1);
  }

  @Test
  void checkWhenWrongCodeThenPendingWithOneAttemptLess() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);

    PhoneVerification checked = check(platformA, v.getId(), wrong(otp.sms.lastCodeTo(E164)));

    assertThat(checked.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(checked.getAttemptsRemaining()).isEqualTo(4);
    assertThat(get(platformA, v.getId()).getAttemptsRemaining()).isEqualTo(4);
    assertThat(otp.identity.calls()).isEmpty();
  }

  @Test
  void checkWhenLastAttemptWrongThenFailedAndRightCodeNoLongerApproves() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    String code = otp.sms.lastCodeTo(E164);
    for (int left = 4; left >= 1; left--) {
      assertThat(check(platformA, v.getId(), wrong(code)).getAttemptsRemaining()).isEqualTo(left);
    }

    PhoneVerification last = check(platformA, v.getId(), wrong(code));

    assertThat(last.getStatus()).isEqualTo(PhoneVerificationStatus.FAILED);
    assertThat(last.getAttemptsRemaining()).isZero();
    StatusRuntimeException e = failure(() -> check(platformA, v.getId(), code));
    assertThat(reason(e)).isEqualTo("verification-closed");
    assertThat(get(platformA, v.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.FAILED);
    assertThat(otp.identity.calls()).isEmpty();
  }

  @Test
  void checkWhenMalformedCodeThenInvalidAndNoAttemptSpent() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);

    StatusRuntimeException e = failure(() -> check(platformA, v.getId(), "12345"));

    assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(e)).isEqualTo("invalid-code");
    assertThat(badField(e)).contains("code");
    assertThat(get(platformA, v.getId()).getAttemptsRemaining()).isEqualTo(5);
  }

  @Test
  void checkWhenCodeOfAnotherVerificationThenNotApproved() {
    PhoneVerification a = create(platformA, "acc-1", PHONE);
    String codeA = otp.sms.lastCodeTo(E164);
    PhoneVerification b = create(platformA, "acc-2", "0987654321");
    String codeB = otp.sms.lastCodeTo("+84987654321");
    if (codeB.equals(codeA)) {
      return; // one in a million: the same digits are B's own code too
    }

    PhoneVerification checked = check(platformA, b.getId(), codeA);

    assertThat(checked.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(checked.getAttemptsRemaining()).isEqualTo(4);
    assertThat(get(platformA, a.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
  }

  @Test
  void checkWhenStoredHashCopiedToAnotherVerificationThenCodeStillBoundToItsOwn() {
    // Even an attacker who can write Redis and moves A's code hash into B gains nothing: the hash
    // covers A's id, account and phone, so A's code does not verify B.
    PhoneVerification a = create(platformA, "acc-1", PHONE);
    String codeA = otp.sms.lastCodeTo(E164);
    PhoneVerification b = create(platformA, "acc-2", PHONE);
    String hashA = otp.redis.call(r -> r.hget("otp:v:" + a.getId(), "ch"));
    otp.redis.call(r -> r.hset("otp:v:" + b.getId(), "ch", hashA));

    PhoneVerification checked = check(platformA, b.getId(), codeA);

    assertThat(checked.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(checked.getAttemptsRemaining()).isEqualTo(4);
    assertThat(otp.identity.calls()).isEmpty();
  }

  @Test
  void resendWhenAfterCooldownThenNewCodeReplacesOldAndAttemptsKept() {
    PhoneVerification v = create(platformA, "acc-1", PHONE);
    String first = otp.sms.lastCodeTo(E164);
    check(platformA, v.getId(), wrong(first));
    otp.clock.advance(Duration.ofSeconds(60));

    PhoneVerification resent = resend(platformA, v.getId());

    String second = otp.sms.lastCodeTo(E164);
    assertThat(otp.sms.sent()).hasSize(2);
    assertThat(resent.getAttemptsRemaining()).isEqualTo(4);
    assertThat(resent.getResendAvailableAt().getSeconds()).isEqualTo(otp.clock.instant().getEpochSecond() + 60);
    assertThat(resent.getExpiresAt().getSeconds()).isEqualTo(otp.clock.instant().getEpochSecond() + 300);
    if (!first.equals(second)) {
      assertThat(check(platformA, v.getId(), first).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    }
    assertThat(check(platformA, v.getId(), second).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }
}
