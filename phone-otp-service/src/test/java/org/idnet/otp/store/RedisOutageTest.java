package org.idnet.otp.store;

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
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** OTP limits fail closed: with Redis down nothing is sent and nothing is accepted; then it recovers. */
class RedisOutageTest {

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

  @Test
  void callsWhenRedisDownThenUnavailableFastNoSmsAndRecoveryWithoutRestart() throws Exception {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
    PhoneVerification v = create(stub, "acc-1", "0912345678");
    String code = otp.sms.lastCodeTo("+84912345678");
    int smsBefore = otp.sms.attempts();

    redis.stop();
    try {
      assertStoreUnavailableFast(() -> create(stub, "acc-2", "0987654321"));
      assertStoreUnavailableFast(() -> check(stub, v.getId(), code));
      assertStoreUnavailableFast(() -> get(stub, v.getId()));
      otp.clock.advance(Duration.ofSeconds(60));
      assertStoreUnavailableFast(() -> resend(stub, v.getId()));
      assertThat(otp.sms.attempts()).as("no SMS while Redis is down").isEqualTo(smsBefore);
      assertThat(otp.identity.calls()).as("no code accepted while Redis is down").isEmpty();
    } finally {
      redis.restart();
    }

    long restarted = System.nanoTime();
    PhoneVerification again = null;
    while (again == null && System.nanoTime() - restarted < Duration.ofSeconds(5).toNanos()) {
      try {
        again = create(stub, "acc-3", "0381234567");
      } catch (StatusRuntimeException e) {
        assertThat(reason(e)).isEqualTo("store-unavailable");
        Thread.sleep(100);
      }
    }
    assertThat(again).as("service works again within 5 s of Redis coming back").isNotNull();
    String newCode = otp.sms.lastCodeTo("+84381234567");
    assertThat(check(stub, again.getId(), newCode).getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
  }

  private static void assertStoreUnavailableFast(Executable call) {
    long started = System.nanoTime();
    StatusRuntimeException e = failure(call);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(e)).isEqualTo("store-unavailable");
    assertThat(took).isLessThan(Duration.ofMillis(2500));
  }
}
