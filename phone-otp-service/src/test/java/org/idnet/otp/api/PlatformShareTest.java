package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.resend;
import static org.idnet.otp.testing.Calls.wrong;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;
import static org.idnet.otp.testing.Errors.retryDelay;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import org.idnet.otp.store.MicrometerAbuseAlarm;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * security.md, tenant isolation of the OTP limits: a platform may use at most a fifth of what a
 * phone number or a prefix allows, so a hostile platform cannot lock a victim's number out for the
 * victim's own platform; and the ceilings themselves still hold across platforms. Small limits
 * with the production ratio: 25 failed checks per phone (5 per platform), 15 verifications per
 * phone (3), 20 sends per prefix (4).
 */
class PlatformShareTest {

  static final String VICTIM_NUMBER = "+84912345678";

  static OtpHarness otp;
  PhoneVerificationServiceBlockingStub hostile;
  PhoneVerificationServiceBlockingStub victim;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(10, p -> {
      p.maxFailedChecksPerPhone = 25;
      p.maxFailedChecksPerPhonePerPlatform = 5;
      p.maxVerificationsPerPhone = 15;
      p.maxVerificationsPerPhonePerPlatform = 3;
      p.maxSendsPerPrefix = 20;
      p.maxSendsPerPrefixPerPlatform = 4;
    });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
    hostile = otp.platform("platform-hostile");
    victim = otp.platform("platform-victim");
  }

  @Test
  void hostilePlatformUsesUpItsShareOfANumberThenTheVictimsPlatformStillSendsAndChecks() {
    // The hostile platform starts all it may for the number and burns its failed checks.
    PhoneVerification burnt = create(hostile, "h-1", VICTIM_NUMBER);
    String burntCode = otp.sms.lastCodeTo(VICTIM_NUMBER);
    PhoneVerification held = create(hostile, "h-2", VICTIM_NUMBER);
    String heldCode = otp.sms.lastCodeTo(VICTIM_NUMBER);
    create(hostile, "h-3", VICTIM_NUMBER);
    StatusRuntimeException fourth = failure(() -> create(hostile, "h-4", VICTIM_NUMBER));
    for (int i = 0; i < 5; i++) {
      check(hostile, burnt.getId(), wrong(burntCode));
    }
    StatusRuntimeException sixth = failure(() -> check(hostile, held.getId(), heldCode));

    assertThat(reason(fourth)).isEqualTo("rate-limited");
    assertThat(retryDelay(fourth)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
    assertThat(reason(sixth)).isEqualTo("too-many-failed-checks");
    assertThat(otp.sms.sent()).hasSize(3);

    // The victim's platform: a new verification goes out, and the right code approves.
    PhoneVerification mine = create(victim, "alice", VICTIM_NUMBER);
    assertThat(otp.sms.sent()).hasSize(4);
    String code = otp.sms.lastCodeTo(VICTIM_NUMBER);
    assertThat(check(victim, mine.getId(), wrong(code)).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(check(victim, mine.getId(), code).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(otp.identity.calls()).singleElement()
        .satisfies(call -> assertThat(call.request().getPlatformId()).isEqualTo("platform-victim"));
  }

  @Test
  void hostilePlatformUsesUpItsShareOfAPrefixThenOtherPlatformsStillSendIntoIt() {
    Counter hits = otp.meters.get(MicrometerAbuseAlarm.METRIC).counter();
    double before = hits.count();
    PhoneVerification first = create(hostile, "h-0", "0912300000");
    for (int i = 1; i < 4; i++) {
      create(hostile, "h-" + i, "091230000" + i);
    }
    StatusRuntimeException onCreate = failure(() -> create(hostile, "h-9", "0912300009"));
    otp.clock.advance(Duration.ofSeconds(60));
    StatusRuntimeException onResend = failure(() -> resend(hostile, first.getId()));

    assertThat(reason(onCreate)).isEqualTo("rate-limited");
    assertThat(reason(onResend)).isEqualTo("rate-limited");
    assertThat(hits.count() - before).isEqualTo(2.0);
    assertThat(otp.sms.sent()).hasSize(4);

    PhoneVerification mine = create(victim, "alice", "0912300009");
    otp.clock.advance(Duration.ofSeconds(60));
    assertThat(resend(victim, mine.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(otp.sms.sent()).hasSize(6);
  }

  @Test
  void verificationsPerNumberStillCappedAcrossFivePlatforms() {
    for (int p = 1; p <= 5; p++) {
      for (int i = 0; i < 3; i++) {
        create(otp.platform("platform-" + p), "acc-" + i, VICTIM_NUMBER);
      }
    }

    StatusRuntimeException e = failure(() -> create(otp.platform("platform-6"), "acc-x", VICTIM_NUMBER));

    assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("rate-limited");
    assertThat(otp.sms.sent()).hasSize(15);
  }

  @Test
  void failedChecksPerNumberStillCappedAcrossFivePlatforms() {
    for (int p = 1; p <= 5; p++) {
      PhoneVerificationServiceBlockingStub platform = otp.platform("platform-" + p);
      PhoneVerification v = create(platform, "acc", VICTIM_NUMBER);
      String code = otp.sms.lastCodeTo(VICTIM_NUMBER);
      for (int i = 0; i < 5; i++) {
        check(platform, v.getId(), wrong(code));
      }
    }
    PhoneVerificationServiceBlockingStub sixth = otp.platform("platform-6");
    PhoneVerification v = create(sixth, "acc", VICTIM_NUMBER);
    String code = otp.sms.lastCodeTo(VICTIM_NUMBER);

    StatusRuntimeException e = failure(() -> check(sixth, v.getId(), code));

    // 25 wrong guesses in all: even the right code is refused for the rest of the day.
    assertThat(reason(e)).isEqualTo("too-many-failed-checks");
    assertThat(retryDelay(e)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofHours(23), Duration.ofHours(24)));
    assertThat(otp.identity.calls()).isEmpty();
  }

  @Test
  void sendsPerPrefixStillCappedAcrossFivePlatforms() {
    int number = 0;
    for (int p = 1; p <= 5; p++) {
      for (int i = 0; i < 4; i++, number++) {
        create(otp.platform("platform-" + p), "acc-" + i, String.format("09123%05d", number));
      }
    }
    int next = number;

    StatusRuntimeException e = failure(() -> create(otp.platform("platform-6"), "acc", String.format("09123%05d", next)));

    assertThat(reason(e)).isEqualTo("rate-limited");
    assertThat(otp.sms.sent()).hasSize(20);
    // Another prefix is not affected.
    assertThat(create(otp.platform("platform-6"), "acc", "0987654321").getStatus())
        .isEqualTo(PhoneVerificationStatus.PENDING);
  }
}
