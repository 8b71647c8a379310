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

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/**
 * Every send and check limit, with small limits so each is reached quickly. One platform here
 * meets its own share of the shared ceilings; PlatformShareTest has the ceilings across platforms.
 */
class SendAndCheckLimitsTest {

  static OtpHarness otp;
  PhoneVerificationServiceBlockingStub platformA;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(3, p -> {
      p.maxSends = 3;
      p.maxFailedChecksPerPhone = 35;
      p.maxFailedChecksPerPhonePerPlatform = 7;
      p.maxVerificationsPerPhone = 15;
      p.maxVerificationsPerPhonePerPlatform = 3;
      p.maxVerificationsPerPlatform = 4;
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
    platformA = otp.platform("platform-a");
  }

  @Test
  void resendWhenTooSoonThenResourceExhaustedWithRetryInfo() {
    PhoneVerification v = create(platformA, "acc-1", "0912345678");
    otp.clock.advance(Duration.ofSeconds(20));

    StatusRuntimeException e = failure(() -> resend(platformA, v.getId()));

    assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("resend-too-soon");
    assertThat(retryDelay(e)).contains(Duration.ofSeconds(40));
    assertThat(otp.sms.sent()).hasSize(1);
  }

  @Test
  void resendWhenSendLimitReachedThenRefused() {
    PhoneVerification v = create(platformA, "acc-1", "0912345678");
    for (int i = 2; i <= 3; i++) {
      otp.clock.advance(Duration.ofSeconds(60));
      resend(platformA, v.getId());
    }
    otp.clock.advance(Duration.ofSeconds(60));

    StatusRuntimeException e = failure(() -> resend(platformA, v.getId()));

    assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("send-limit-reached");
    assertThat(otp.sms.sent()).hasSize(3);
  }

  @Test
  void checkWhenPhoneFailedTooOftenAcrossVerificationsAndResendsThenRefusedEvenForTheRightCode() {
    // 7 failed checks allowed per phone to one platform: 4 on the first verification, 3 on a second
    // one after a resend, and neither the new verification nor the resend gives any back.
    PhoneVerification first = create(platformA, "acc-1", "0912345678");
    for (int i = 0; i < 4; i++) {
      check(platformA, first.getId(), wrong(otp.sms.lastCodeTo("+84912345678")));
    }
    PhoneVerification second = create(platformA, "acc-2", "0912345678");
    otp.clock.advance(Duration.ofSeconds(60));
    resend(platformA, second.getId());
    String code = otp.sms.lastCodeTo("+84912345678");
    for (int i = 0; i < 3; i++) {
      check(platformA, second.getId(), wrong(code));
    }

    StatusRuntimeException e = failure(() -> check(platformA, second.getId(), code));

    assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("too-many-failed-checks");
    assertThat(retryDelay(e)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofHours(23), Duration.ofHours(24)));
    assertThat(otp.identity.calls()).isEmpty();
    // The limit is per phone: another number checks normally.
    PhoneVerification other = create(platformA, "acc-3", "0987654321");
    assertThat(check(platformA, other.getId(), otp.sms.lastCodeTo("+84987654321")).getStatus())
        .isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void createWhenPlatformUsedItsShareOfThePhoneThenRateLimitedWithRetryInfoButOtherPlatformsNot() {
    for (int i = 0; i < 3; i++) {
      create(platformA, "acc-" + i, "0912345678");
    }

    StatusRuntimeException e = failure(() -> create(platformA, "acc-9", "0912345678"));

    assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("rate-limited");
    assertThat(retryDelay(e)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
    assertThat(otp.sms.sent()).hasSize(3);
    assertThat(create(otp.platform("platform-b"), "acc-9", "0912345678").getStatus())
        .isEqualTo(PhoneVerificationStatus.PENDING);
  }

  @Test
  void createWhenPlatformReachedPerMinuteLimitThenRateLimitedButOtherPlatformsNot() {
    for (int i = 0; i < 4; i++) {
      create(platformA, "acc-" + i, "09" + (10000000 + i * 1_000_000 + 1));
    }

    StatusRuntimeException e = failure(() -> create(platformA, "acc-x", "0381234567"));

    assertThat(reason(e)).isEqualTo("rate-limited");
    assertThat(retryDelay(e)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1)));
    assertThat(create(otp.platform("platform-b"), "acc-x", "0381234567").getStatus())
        .isEqualTo(PhoneVerificationStatus.PENDING);
  }

  @Test
  void sendWhenPrefixCapReachedThenRefusedAlertedAndCountedWithoutTheNumber() {
    Logger logger = (Logger) LoggerFactory.getLogger(MicrometerAbuseAlarm.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    Counter hits = otp.meters.get(MicrometerAbuseAlarm.METRIC).counter();
    double before = hits.count();
    try {
      // Four sends into +849123... by platform-a, its share of the prefix: two verifications on
      // different numbers of the prefix, each resent once.
      PhoneVerification a = create(platformA, "acc-1", "0912345671");
      PhoneVerification b = create(platformA, "acc-2", "0912345672");
      otp.clock.advance(Duration.ofSeconds(60));
      resend(platformA, a.getId());
      resend(platformA, b.getId());

      StatusRuntimeException onCreate = failure(() -> create(platformA, "acc-4", "0912300000"));
      otp.clock.advance(Duration.ofSeconds(60));
      StatusRuntimeException onResend = failure(() -> resend(platformA, a.getId()));

      assertThat(reason(onCreate)).isEqualTo("rate-limited");
      assertThat(reason(onResend)).isEqualTo("rate-limited");
      assertThat(retryDelay(onCreate)).isPresent();
      assertThat(otp.sms.sent()).hasSize(4);
      // Another prefix is not affected, nor is another platform in this one.
      create(platformA, "acc-5", "0987654321");
      create(otp.platform("platform-b"), "acc-6", "0912300000");
      assertThat(hits.count() - before).isEqualTo(2.0);
      assertThat(hits.getId().getTags()).isEmpty();
      assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(2)
          .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("849123").doesNotContain("9123"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void createWhenRefusedByLimitThenTakesNothingFromOtherLimits() {
    for (int i = 0; i < 3; i++) {
      create(platformA, "acc-" + i, "0912345678");
    }
    for (int i = 0; i < 5; i++) {
      failure(() -> create(platformA, "acc-x", "0912345678"));
    }
    // The refused requests did not use up the platform's 4 per minute: one more is allowed.
    assertThat(create(platformA, "acc-y", "0987654321").getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
  }
}
