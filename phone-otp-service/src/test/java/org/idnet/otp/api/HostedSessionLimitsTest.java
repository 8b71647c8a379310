package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Calls.get;
import static org.idnet.otp.testing.Calls.resend;
import static org.idnet.otp.testing.Calls.wrong;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * A hosted session (docs/pages.md section 3.3) acts only on the accounts of its scope and within
 * its own limits (3 starts, 8 sends, 10 failed checks), counted in real Redis and failing closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostedSessionLimitsTest {

  static LocalRedis redis;
  static OtpHarness otp;

  @BeforeAll
  static void start() {
    redis = TestStores.dedicatedRedis();
    otp = OtpHarness.on(redis.uri(), p -> { });
  }

  @AfterAll
  static void stop() {
    otp.close();
    redis.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
  }

  @Test
  void aSessionActsOnlyOnTheAccountsOfItsScopeAndOutsideIsNotFound() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_one", "acc-1", "guardian-1");
    assertThat(create(session, "acc-1", "0912345678").getAccountId()).isEqualTo("acc-1");
    int before = otp.sms.attempts();
    // The guardian is in the scope for identity's guardian check only: no code for it from a session
    // (else whoever holds the session binds their own number to the guardian's account).
    assertNotFound(() -> create(session, "guardian-1", "0912345679"));
    assertThat(otp.sms.attempts()).as("nothing sent for the guardian").isEqualTo(before);
    assertNotFound(() -> create(session, "acc-2", "0912345670"));

    // A verification of the guardian started by the platform itself: the session cannot check or resend it.
    PhoneVerification guardians = create(otp.platform("platform-a"), "guardian-1", "0912345677");
    String guardianCode = otp.sms.lastCodeTo("+84912345677");
    assertNotFound(() -> check(session, guardians.getId(), guardianCode));
    assertThat(get(otp.platform("platform-a"), guardians.getId()).getStatus())
        .as("the refused check approved nothing").isEqualTo(PhoneVerificationStatus.PENDING);

    // The platform's own verification of another account: the session cannot see or touch it.
    PhoneVerification others = create(otp.platform("platform-a"), "acc-2", "0987654321");
    String code = otp.sms.lastCodeTo("+84987654321");
    int sent = otp.sms.attempts();
    assertNotFound(() -> get(session, others.getId()));
    assertNotFound(() -> check(session, others.getId(), code));
    otp.clock.advance(Duration.ofSeconds(61));
    assertNotFound(() -> resend(session, others.getId()));
    assertThat(otp.sms.attempts()).as("nothing sent for the refused resend").isEqualTo(sent);
    assertThat(get(otp.platform("platform-a"), others.getId()).getStatus())
        .as("the refused check consumed nothing").isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(check(otp.platform("platform-a"), others.getId(), code).getStatus())
        .isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void aSessionStartsAtMostThreeVerifications() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_starts", "acc-1");
    create(session, "acc-1", "0912345671");
    create(session, "acc-1", "0912345672");
    create(session, "acc-1", "0912345673");
    int sent = otp.sms.attempts();
    StatusRuntimeException fourth = failure(() -> create(session, "acc-1", "0912345674"));
    assertThat(code(fourth)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(fourth)).isEqualTo("session-limit-reached");
    assertThat(otp.sms.attempts()).as("no SMS beyond the limit").isEqualTo(sent);

    // Another session of the same platform, and the platform itself, are not affected.
    assertThat(create(otp.session("platform-a", "vs_other", "acc-1"), "acc-1", "0912345675").getStatus())
        .isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(create(otp.platform("platform-a"), "acc-1", "0912345676").getStatus())
        .isEqualTo(PhoneVerificationStatus.PENDING);
  }

  @Test
  void aSessionHasAtMostEightCodesSentCountingResends() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_sends", "acc-1");
    PhoneVerification first = create(session, "acc-1", "0912345671");
    for (int i = 0; i < 4; i++) {
      otp.clock.advance(Duration.ofSeconds(61));
      resend(session, first.getId());
    }
    PhoneVerification second = create(session, "acc-1", "0912345672");
    for (int i = 0; i < 2; i++) {
      otp.clock.advance(Duration.ofSeconds(61));
      resend(session, second.getId());
    }
    assertThat(otp.sms.attempts()).isEqualTo(8);
    otp.clock.advance(Duration.ofSeconds(61));
    StatusRuntimeException ninth = failure(() -> resend(session, second.getId()));
    assertThat(code(ninth)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(ninth)).isEqualTo("session-limit-reached");
    assertThat(reason(failure(() -> create(session, "acc-1", "0912345673")))).isEqualTo("session-limit-reached");
    assertThat(otp.sms.attempts()).as("no ninth SMS").isEqualTo(8);
  }

  @Test
  void aSessionHasAtMostTenFailedChecksThenEvenTheRightCodeIsRefused() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_checks", "acc-1");
    for (String phone : new String[] {"0912345671", "0912345672"}) {
      PhoneVerification v = create(session, "acc-1", phone);
      String right = otp.sms.lastCodeTo("+84" + phone.substring(1));
      for (int i = 0; i < 5; i++) {
        check(session, v.getId(), wrong(right));
      }
    }
    PhoneVerification third = create(session, "acc-1", "0912345673");
    String right = otp.sms.lastCodeTo("+84912345673");
    StatusRuntimeException eleventh = failure(() -> check(session, third.getId(), right));
    assertThat(code(eleventh)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(eleventh)).isEqualTo("session-limit-reached");
    assertThat(otp.identity.calls()).as("nothing bound").isEmpty();
    assertThat(get(session, third.getId()).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
  }

  @Test
  void rightCodesDoNotCountAsFailures() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_right", "acc-1");
    PhoneVerification v = create(session, "acc-1", "0912345671");
    String right = otp.sms.lastCodeTo("+84912345671");
    for (int i = 0; i < 4; i++) {
      check(session, v.getId(), wrong(right));
    }
    assertThat(check(session, v.getId(), right).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  @Test
  void parallelWrongChecksCannotPassTheLimitTogether() throws Exception {
    // Fifteen wrong codes at once (three verifications, five each: each verification's own limit
    // allows them all): the session's limit takes an attempt before each check, so exactly ten are
    // answered and five refused, however they interleave.
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_parallel", "acc-1");
    List<String> ids = new ArrayList<>();
    List<String> rights = new ArrayList<>();
    for (String phone : new String[] {"0912345671", "0912345672", "0912345673"}) {
      ids.add(create(session, "acc-1", phone).getId());
      rights.add(otp.sms.lastCodeTo("+84" + phone.substring(1)));
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(15);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 15; i++) {
        String id = ids.get(i % 3);
        String code = wrong(rights.get(i % 3));
        outcomes.add(pool.submit(() -> {
          go.await();
          try {
            check(session, id, code);
            return "answered";
          } catch (StatusRuntimeException e) {
            return reason(e);
          }
        }));
      }
      go.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }
      assertThat(results).filteredOn("answered"::equals).hasSize(10);
      assertThat(results).filteredOn("session-limit-reached"::equals).hasSize(5);
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 3; i++) {
      String id = ids.get(i);
      String right = rights.get(i);
      assertThat(reason(failure(() -> check(session, id, right)))).isEqualTo("session-limit-reached");
    }
    assertThat(otp.identity.calls()).as("nothing bound").isEmpty();
  }

  @Test
  void anApprovalGivesBackTheAttemptTakenBeforeIt() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_give_back", "acc-1");
    PhoneVerification first = create(session, "acc-1", "0912345671");
    String firstRight = otp.sms.lastCodeTo("+84912345671");
    for (int i = 0; i < 5; i++) {
      check(session, first.getId(), wrong(firstRight));
    }
    PhoneVerification second = create(session, "acc-1", "0912345672");
    String secondRight = otp.sms.lastCodeTo("+84912345672");
    for (int i = 0; i < 4; i++) {
      check(session, second.getId(), wrong(secondRight));
    }
    assertThat(check(session, second.getId(), secondRight).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    // Nine wrong codes counted, the approval not: one more wrong code is answered, the next refused.
    PhoneVerification third = create(session, "acc-1", "0912345673");
    String thirdRight = otp.sms.lastCodeTo("+84912345673");
    assertThat(check(session, third.getId(), wrong(thirdRight)).getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(reason(failure(() -> check(session, third.getId(), wrong(thirdRight)))))
        .isEqualTo("session-limit-reached");
  }

  /** Last: Redis is stopped and restarted, and the harness's connection comes back by itself. */
  @Test
  @Order(Integer.MAX_VALUE)
  void withRedisDownASessionIsRefusedUnavailableAndNothingIsSent() {
    PhoneVerificationServiceBlockingStub session = otp.session("platform-a", "vs_down", "acc-1");
    PhoneVerification v = create(session, "acc-1", "0912345671");
    String right = otp.sms.lastCodeTo("+84912345671");
    int sent = otp.sms.attempts();
    redis.stop();
    try {
      assertUnavailable(() -> create(session, "acc-1", "0912345672"));
      assertUnavailable(() -> check(session, v.getId(), right));
      otp.clock.advance(Duration.ofSeconds(61));
      assertUnavailable(() -> resend(session, v.getId()));
      assertThat(otp.sms.attempts()).as("no SMS while Redis is down").isEqualTo(sent);
      assertThat(otp.identity.calls()).as("no code accepted while Redis is down").isEmpty();
    } finally {
      redis.restart();
    }
  }

  private static void assertNotFound(Executable call) {
    StatusRuntimeException e = failure(call);
    assertThat(code(e)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(reason(e)).isEqualTo("not-found");
  }

  private static void assertUnavailable(Executable call) {
    StatusRuntimeException e = failure(call);
    // The gateway answers UNAVAILABLE with 503 (GrpcProblems).
    assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(e)).isEqualTo("store-unavailable");
  }
}
