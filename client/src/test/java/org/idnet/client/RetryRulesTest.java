package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.idnet.client.FakeIdnet.Answer;
import org.idnet.client.FakeIdnet.Request;
import org.idnet.client.accounts.RealName;
import org.idnet.client.errors.FieldError;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries only where safe: reads and Idempotency-Key creates on 429/503 (Retry-After honoured,
 * bounded) and on a failed connection; never a code check, a resend or a real-name registration;
 * never a 4xx other than 429.
 */
class RetryRulesTest {

  @RegisterExtension
  final FakeIdnet idnet = new FakeIdnet();

  /** Answers the scripted refusals in turn, then {@code success}. */
  static Function<Request, Answer> refusingFirst(Answer success, Answer... refusals) {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      int call = calls.getAndIncrement();
      return call < refusals.length ? refusals[call] : success;
    };
  }

  @Test
  void aReadIsRetriedOn503And429WaitingWhatRetryAfterAsks() {
    idnet.api = refusingFirst(Answer.ok(FakeIdnet.ACCOUNT),
        Answer.problem(503, "unavailable", "Retry-After", "2"), Answer.problem(429, "rate-limited", "Retry-After", "1"));

    assertThat(idnet.client().build().checkAccount("alice").accountId()).isEqualTo("alice");

    assertThat(idnet.apiRequests).hasSize(3);
    assertThat(idnet.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  @Test
  void aLookupIsARead() {
    idnet.api = refusingFirst(Answer.ok("{\"results\":[" + FakeIdnet.ACCOUNT + "]}"),
        Answer.problem(503, "unavailable", "Retry-After", "1"));

    assertThat(idnet.client().build().lookupAccounts(List.of("alice"))).hasSize(1);
    assertThat(idnet.apiRequests).hasSize(2);
  }

  @Test
  void startingAVerificationIsRetriedWithTheSameGeneratedIdempotencyKey() {
    idnet.api = refusingFirst(new Answer(201, FakeIdnet.VERIFICATION, "Content-Type", "application/json"),
        Answer.problem(503, "unavailable"), Answer.problem(429, "rate-limited", "Retry-After", "1"));
    IdnetClient client = idnet.client().build();

    client.startPhoneVerification("alice", "0912345678");

    assertThat(idnet.apiRequests).hasSize(3);
    String key = idnet.apiRequests.get(0).header("Idempotency-Key");
    assertThat(UUID.fromString(key)).hasToString(key);
    assertThat(idnet.apiRequests).extracting(r -> r.header("Idempotency-Key")).containsOnly(key);
    assertThat(idnet.apiRequests).extracting(Request::body).containsOnly(idnet.apiRequests.get(0).body());

    client.startPhoneVerification("alice", "0912345678");
    assertThat(idnet.apiRequests.get(3).header("Idempotency-Key")).isNotEqualTo(key);
  }

  @Test
  void aPlatformsOwnIdempotencyKeyIsSentAsItIs() {
    idnet.api = request -> new Answer(201, FakeIdnet.VERIFICATION, "Content-Type", "application/json");

    idnet.client().build().startPhoneVerification("alice", "0912345678", "order-42-phone");

    assertThat(idnet.apiRequests.get(0).header("Idempotency-Key")).isEqualTo("order-42-phone");
  }

  /** A registration idnet refused before asking the register is sent again; any other refusal is not. */
  @Test
  void aRealNameRefusedBeforeTheRegisterWasAskedIsSentAgainAfterItsWait() {
    idnet.api = refusingFirst(Answer.ok(FakeIdnet.ACCOUNT),
        Answer.problem(429, "confirmation-in-progress", "Retry-After", "1"), Answer.problem(429, "rate-limited"));
    RealName name = RealName.of("Nguyen Van A", "001090000001", LocalDate.of(1990, 1, 1));

    assertThat(idnet.client().build().registerRealName("alice", name).accountId()).isEqualTo("alice");
    assertThat(idnet.apiRequests).hasSize(3);
    assertThat(idnet.sleeps.get(0)).isEqualTo(Duration.ofSeconds(1));

    // A 429 that is no problem+json (a proxy's, say) names no code: thrown, not repeated.
    idnet.apiRequests.clear();
    idnet.api = request -> new Answer(429, "slow down", "Content-Type", "text/plain");
    assertThatThrownBy(() -> idnet.client().build().registerRealName("alice", name))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.status()).isEqualTo(429));
    assertThat(idnet.apiRequests).hasSize(1);

    idnet.apiRequests.clear();
    idnet.api = request -> Answer.problem(429, "too-many-failed-confirmations", "Retry-After", "1");
    assertThatThrownBy(() -> idnet.client().build().registerRealName("alice", name))
        .isInstanceOfSatisfying(IdnetProblemException.class,
            e -> assertThat(e.code()).isEqualTo("too-many-failed-confirmations"));
    assertThat(idnet.apiRequests).hasSize(1);
  }

  /** A Retry-After of 0, negative or past the largest number: never sooner than the back-off, never forever. */
  @Test
  void aRetryAfterOfZeroWaitsTheBackOffAndOneTooLargeToReadIsThrown() {
    idnet.api = refusingFirst(Answer.ok(FakeIdnet.ACCOUNT), Answer.problem(503, "unavailable", "Retry-After", "0"),
        Answer.problem(503, "unavailable", "Retry-After", "-5"));
    assertThat(idnet.client().build().checkAccount("alice").accountId()).isEqualTo("alice");
    assertThat(idnet.sleeps).hasSize(2).allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(100)));

    idnet.apiRequests.clear();
    idnet.sleeps.clear();
    idnet.api = request -> Answer.problem(429, "rate-limited", "Retry-After", "99999999999999999999999");
    assertThatThrownBy(() -> idnet.client().build().checkAccount("alice"))
        .isInstanceOfSatisfying(IdnetProblemException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(Long.MAX_VALUE)));
    assertThat(idnet.apiRequests).hasSize(1);
    assertThat(idnet.sleeps).isEmpty();
  }

  @Test
  void checkResendAndRealNameAreNeverRetried() {
    idnet.api = request -> Answer.problem(503, "unavailable", "Retry-After", "1");
    IdnetClient client = idnet.client().build();

    assertThatThrownBy(() -> client.checkPhoneVerification("AAAAAAAAAAAAAAAAAAAAAA", "123456"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.isUnavailable()).isTrue());
    assertThatThrownBy(() -> client.resendPhoneVerification("AAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOf(IdnetProblemException.class);
    assertThatThrownBy(() -> client.registerRealName("alice", RealName.of("Nguyen Van A", "001090000001",
        LocalDate.of(1990, 1, 1)))).isInstanceOf(IdnetProblemException.class);

    assertThat(idnet.apiRequests).extracting(Request::method, Request::path).containsExactly(
        org.assertj.core.groups.Tuple.tuple("POST", "/v1/phone-verifications/AAAAAAAAAAAAAAAAAAAAAA/check"),
        org.assertj.core.groups.Tuple.tuple("POST", "/v1/phone-verifications/AAAAAAAAAAAAAAAAAAAAAA/resend"),
        org.assertj.core.groups.Tuple.tuple("PUT", "/v1/accounts/alice/real-name"));
    assertThat(idnet.sleeps).isEmpty();
  }

  @Test
  void a4xxOtherThan429IsThrownAtOnceWithItsProblem() {
    idnet.api = request -> new Answer(400, "{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,"
        + "\"code\":\"invalid-account-id\",\"detail\":\"accountId is not valid\",\"unknownMember\":1,"
        + "\"errors\":[{\"field\":\"accountId\",\"message\":\"1-128 characters of [A-Za-z0-9._:@-]\"}]}",
        "Content-Type", "application/problem+json");

    assertThatThrownBy(() -> idnet.client().build().checkAccount("bad id"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("invalid-account-id");
          assertThat(e.title()).isEqualTo("Bad request");
          assertThat(e.detail()).isEqualTo("accountId is not valid");
          assertThat(e.isInvalidRequest()).isTrue();
          assertThat(e.retryAfter()).isEmpty();
          assertThat(e.fieldErrors()).containsExactly(new FieldError("accountId", "1-128 characters of [A-Za-z0-9._:@-]"));
        });
    assertThat(idnet.apiRequests).hasSize(1);
    assertThat(idnet.apiRequests.get(0).path()).isEqualTo("/v1/accounts/bad%20id/verification");
  }

  @Test
  void aRetryAfterBeyondTheBoundIsThrownForTheCallerToSchedule() {
    idnet.api = request -> Answer.problem(429, "rate-limited", "Retry-After", "3600");

    assertThatThrownBy(() -> idnet.client().maxRetryWait(Duration.ofSeconds(30)).build().checkAccount("alice"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.isRateLimited()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        });
    assertThat(idnet.apiRequests).hasSize(1);
    assertThat(idnet.sleeps).isEmpty();
  }

  @Test
  void retriesStopAfterTheMaximumWithGrowingJitteredBackOff() {
    idnet.api = request -> Answer.problem(503, "unavailable");

    assertThatThrownBy(() -> idnet.client().maxRetries(3).build().checkAccount("alice"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.status()).isEqualTo(503));

    assertThat(idnet.apiRequests).hasSize(4);
    assertThat(idnet.sleeps).hasSize(3);
    assertThat(idnet.sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(idnet.sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(idnet.sleeps.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
  }

  @Test
  void aFailedConnectionIsRetriedForAReadButNotForACheck() throws Exception {
    String closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }
    // Tokens from the fake, calls to a port nobody listens on.
    IdnetClient client = idnet.client().baseUrl(closed).maxRetries(2).build();

    assertThatThrownBy(() -> client.checkAccount("alice")).isInstanceOf(IdnetException.class)
        .isNotInstanceOf(IdnetProblemException.class);
    assertThat(idnet.sleeps).hasSize(2);

    idnet.sleeps.clear();
    assertThatThrownBy(() -> client.checkPhoneVerification("AAAAAAAAAAAAAAAAAAAAAA", "123456"))
        .isInstanceOf(IdnetException.class);
    assertThat(idnet.sleeps).isEmpty();
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    InstantSource clock = idnet::now;
    assertThat(Problems.retryAfter(headers("120"), clock)).contains(Duration.ofSeconds(120));
    // 10:00:00 now (the fake's clock), 10:01:30 asked.
    assertThat(Problems.retryAfter(headers("Fri, 04 Dec 2026 10:01:30 GMT"), clock)).contains(Duration.ofSeconds(90));
    assertThat(Problems.retryAfter(headers("Fri, 04 Dec 2026 09:00:00 GMT"), clock)).contains(Duration.ZERO);
    assertThat(Problems.retryAfter(headers("soon"), clock)).isEmpty();
  }

  private static HttpHeaders headers(String retryAfter) {
    return HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (name, value) -> true);
  }
}
