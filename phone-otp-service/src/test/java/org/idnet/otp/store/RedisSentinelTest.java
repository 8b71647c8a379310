package org.idnet.otp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.idnet.redis.RedisEndpoint;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The OTP store as production runs it: Redis behind Sentinel, TLS verified against the CA file,
 * a password. Codes are sent and checked through it; when the master dies, calls fail closed until
 * Sentinel has promoted the replica and then work again without a restart; a Redis whose
 * certificate the CA did not sign, or a wrong password, fails closed with a log line that says why.
 */
class RedisSentinelTest {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("otp redis CA");
  static final Path OTHER_CA = LocalSentinel.Tls.fromNewCa("not redis's CA").ca();
  static LocalSentinel shared;

  @BeforeAll
  static void start() {
    shared = LocalSentinel.start("otp-redis-pw", TLS);
  }

  @AfterAll
  static void stop() {
    shared.close();
  }

  static RedisEndpoint endpoint(String url, Path trustFile) {
    return RedisEndpoint.of("idnet.otp.redis-url", url, trustFile);
  }

  @Test
  void codesWorkThroughSentinelAndAgainAfterFailoverWithoutRestart() throws Exception {
    try (LocalSentinel redis = LocalSentinel.start("otp-redis-pw", TLS);
        OtpHarness otp = OtpHarness.on(endpoint(redis.uri(), TLS.ca()), p -> { })) {
      PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
      PhoneVerification first = create(stub, "acc-1", "0912345678");
      assertThat(check(stub, first.getId(), otp.sms.lastCodeTo("+84912345678")).getStatus())
          .isEqualTo(PhoneVerificationStatus.APPROVED);
      Long keys = redis.askNode(redis.masterPort(), c -> c.sync().dbsize());
      assertThat(keys).as("the verification lives on the master Sentinel names").isPositive();

      int killed = redis.killMaster();
      long start = System.nanoTime();
      PhoneVerification again = null;
      while (again == null && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
        try {
          again = create(stub, "acc-2", "0987654321");
        } catch (StatusRuntimeException e) {
          assertThat(reason(e)).as("fail closed while there is no master").isEqualTo("store-unavailable");
          Thread.sleep(100);
        }
      }

      assertThat(again).as("codes are sent again after the failover, without a restart").isNotNull();
      assertThat(redis.masterPort()).isNotEqualTo(killed);
      assertThat(check(stub, again.getId(), otp.sms.lastCodeTo("+84987654321")).getStatus())
          .isEqualTo(PhoneVerificationStatus.APPROVED);
    }
  }

  @Test
  void aRedisTheTrustFileDidNotSignFailsClosedAndTheLogSaysWhy() {
    assertFailsClosedLogging(endpoint(shared.uri(), OTHER_CA),
        "TLS: Redis's certificate is not signed by a CA in idnet.redis.trust-file");
  }

  @Test
  void aWrongPasswordFailsClosedAndTheLogSaysWhy() {
    assertFailsClosedLogging(endpoint(shared.uriWithPassword("guessed"), TLS.ca()),
        "Redis refused the password (WRONGPASS)");
  }

  private static void assertFailsClosedLogging(RedisEndpoint redis, String why) {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisConnector.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (OtpHarness otp = OtpHarness.on(redis, p -> { })) {
      StatusRuntimeException e = failure(() -> create(otp.platform("platform-a"), "acc-1", "0912345678"));

      assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(reason(e)).isEqualTo("store-unavailable");
      assertThat(otp.sms.attempts()).as("no SMS without the store").isZero();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
          .startsWith("Redis at Sentinels 127.0.0.1:").contains("(master idnet) over TLS unavailable: " + why)
          .doesNotContain(shared.password()).doesNotContain("guessed"));
    } finally {
      logger.detachAppender(logs);
    }
  }
}
