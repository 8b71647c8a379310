package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.otp.testing.Calls.check;
import static org.idnet.otp.testing.Calls.create;
import static org.idnet.otp.testing.Errors.badField;
import static org.idnet.otp.testing.Errors.code;
import static org.idnet.otp.testing.Errors.failure;
import static org.idnet.otp.testing.Errors.reason;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.headers.ForwardedHeader;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * api.md's Idempotency-Key on CreatePhoneVerification, on real Redis: a repeat with the same key
 * and body answers the first response and sends no second SMS; another body is refused; keys are
 * each platform's own; a failed creation leaves its key free.
 */
class IdempotencyKeyTest {

  static OtpHarness otp;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(11, p -> { });
  }

  @AfterAll
  static void stop() {
    otp.close();
  }

  @BeforeEach
  void reset() {
    otp.reset();
  }

  @Test
  void createWhenRepeatedWithSameKeyAndBodyThenFirstAnswerAndNoSecondSms() {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "signup-7f3a");
    PhoneVerification first = create(stub, "alice", "0912345678");
    otp.clock.advance(Duration.ofSeconds(30));

    PhoneVerification again = create(stub, "alice", "0912345678");

    assertThat(again).isEqualTo(first);
    assertThat(otp.sms.sent()).hasSize(1);
    // Nor did the repeat count against any limit.
    String perPhone = otp.redis.call(r -> r.get(r.keys("otp:lim:phone:*").get(0)));
    assertThat(perPhone).isEqualTo("1");
  }

  @Test
  void createWhenRepeatedAfterTheVerificationMovedOnThenStillTheFirstAnswer() {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "signup-1");
    PhoneVerification first = create(stub, "alice", "0912345678");
    check(stub, first.getId(), otp.sms.lastCodeTo("+84912345678"));

    PhoneVerification again = create(stub, "alice", "0912345678");

    assertThat(again).isEqualTo(first);
    assertThat(again.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(otp.sms.sent()).hasSize(1);
  }

  @Test
  void createWhenSameKeyWithAnotherBodyThenIdempotencyKeyReused() {
    create(otp.platform("platform-a", "signup-2"), "alice", "0912345678");

    StatusRuntimeException e = failure(() -> create(otp.platform("platform-a", "signup-2"), "alice", "0987654321"));

    assertThat(code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(reason(e)).isEqualTo("idempotency-key-reused");
    assertThat(badField(e)).contains("Idempotency-Key");
    assertThat(otp.sms.sent()).hasSize(1);
  }

  @Test
  void createWhenAnotherPlatformSendsTheSameKeyThenItsOwnVerification() {
    PhoneVerification a = create(otp.platform("platform-a", "signup-3"), "alice", "0912345678");
    PhoneVerification b = create(otp.platform("platform-b", "signup-3"), "alice", "0912345678");

    assertThat(b.getId()).isNotEqualTo(a.getId());
    assertThat(otp.sms.sent()).hasSize(2);
  }

  @Test
  void createWhenFirstAttemptFailedThenTheKeyIsFreeForTheRetry() {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "signup-4");
    otp.sms.failing(true);
    assertThat(reason(failure(() -> create(stub, "alice", "0912345678")))).isEqualTo("sms-unavailable");
    otp.sms.failing(false);

    PhoneVerification retry = create(stub, "alice", "0912345678");

    assertThat(retry.getStatus()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(otp.sms.sent()).hasSize(1);
    assertThat(create(stub, "alice", "0912345678")).isEqualTo(retry);
  }

  @Test
  void createWhenRepeatsRaceThenOneSmsAndEveryAnswerTheSameOrInUse() throws Exception {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "signup-race");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Object>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Callable<Object> call = () -> {
          try {
            return create(stub, "alice", "0912345678").getId();
          } catch (StatusRuntimeException e) {
            return reason(e);
          }
        };
        results.add(pool.submit(call));
      }
      List<Object> answers = new ArrayList<>();
      for (Future<Object> result : results) {
        answers.add(result.get());
      }
      String id = otp.redis.call(r -> r.keys("otp:v:*")).get(0).substring("otp:v:".length());
      assertThat(answers).allSatisfy(answer -> assertThat(answer).isIn(id, "idempotency-key-in-use"));
    } finally {
      pool.shutdownNow();
    }
    assertThat(otp.sms.sent()).hasSize(1);
    List<String> verifications = otp.redis.call(r -> r.keys("otp:v:*"));
    assertThat(verifications).hasSize(1);
  }

  @Test
  void createWhenKeyMalformedOrSentTwiceThenInvalidArgumentAndNothingSent() {
    StatusRuntimeException spaced = failure(() -> create(otp.platform("platform-a", "has space"), "alice",
        "0912345678"));
    Metadata twice = new Metadata();
    twice.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), "k-1");
    twice.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), "k-2");
    StatusRuntimeException doubled = failure(() -> create(otp.platform("platform-a")
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(twice)), "alice", "0912345678"));

    for (StatusRuntimeException e : List.of(spaced, doubled)) {
      assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(reason(e)).isEqualTo("invalid-request");
      assertThat(badField(e)).contains("Idempotency-Key");
    }
    assertThat(otp.sms.attempts()).isZero();
  }

  @Test
  void storedKeyHoldsNeitherTheNumberNorTheAccountIdNorTheKeyInPlainAndOutlivesTheVerification() {
    // A platform may well use the number itself as its key; its account ids are often e-mail addresses.
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "+84912345678");
    PhoneVerification v = create(stub, "alice@example.com", "0912345678");

    List<String> keys = otp.redis.call(r -> r.keys("otp:idem:*"));
    assertThat(keys).singleElement().satisfies(key -> {
      assertThat(key).doesNotContain("912345678").doesNotContain("platform-a").doesNotContainIgnoringCase("alice")
          .doesNotContainIgnoringCase("example.com");
      Map<String, String> fields = otp.redis.call(r -> r.hgetall(key));
      assertThat(fields).containsEntry("vid", v.getId()).containsEntry("ph", "+8491*****78").containsKey("acc");
      assertThat(fields.values()).noneMatch(value -> value.contains("912345678"))
          .noneMatch(value -> value.toLowerCase(java.util.Locale.ROOT).contains("alice"))
          .noneMatch(value -> value.toLowerCase(java.util.Locale.ROOT).contains("example.com"));
      long ttl = otp.redis.call(r -> r.pttl(key));
      long verificationTtl = otp.redis.call(r -> r.pttl("otp:v:" + v.getId()));
      assertThat(ttl).isGreaterThan(Duration.ofHours(23).toMillis()).isGreaterThan(verificationTtl);
    });
    // Sealed, not dropped: the repeat answers the account id as first sent.
    assertThat(create(stub, "alice@example.com", "0912345678")).isEqualTo(v);
    assertThat(v.getAccountId()).isEqualTo("alice@example.com");
  }

  @Test
  void rememberedAccountIdMovedToAnotherKeyDoesNotDecrypt() {
    create(otp.platform("platform-a", "key-victim"), "victim@example.com", "0912345678");
    PhoneVerificationServiceBlockingStub thief = otp.platform("platform-a", "key-thief");
    PhoneVerification own = create(thief, "thief@example.com", "0987654321");
    List<String> keys = otp.redis.call(r -> r.keys("otp:idem:*"));
    String victimKey = keys.stream().filter(key -> !otp.redis.call(r -> r.hget(key, "vid")).equals(own.getId()))
        .findFirst().orElseThrow();
    String thiefKey = keys.stream().filter(key -> !key.equals(victimKey)).findFirst().orElseThrow();
    String sealed = otp.redis.call(r -> r.hget(victimKey, "acc"));
    otp.redis.call(r -> r.hset(thiefKey, "acc", sealed));

    StatusRuntimeException e = failure(() -> create(thief, "thief@example.com", "0987654321"));

    assertThat(code(e)).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).doesNotContain("victim");
  }
}
