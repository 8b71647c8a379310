package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.check.NothingLost;
import org.idnet.stores.LocalRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis stopped, paused and restarted empty (quality.md, security.md): verify-account answers from
 * PostgreSQL; OTP send and check answer 503 and send nothing (the SMS provider received nothing
 * for that number); service resumes within 5 s of Redis's return, without a restart.
 *
 * <p><b>What an empty Redis allows.</b> phone-otp-service keeps its verifications (code hashes,
 * attempts) and every counter in Redis only. A Redis that comes back empty therefore (a) forgets
 * every pending verification: a code sent before answers 404 and verifies nothing; (b) gives each
 * number a new day's failed-check budget (per platform {@code max-failed-checks-per-phone-per-platform},
 * 20 by default; in all {@code max-failed-checks-per-phone}, 100): since the old codes are gone,
 * those guesses must go at new verifications, each of which sends a new code to the real holder
 * and counts against the (equally new) send limits, so one Redis loss gives a guesser at most
 * 20 × 10⁻⁶ per platform and 10⁻⁴ in all for a number: one more day's worth; (c) forgets
 * Idempotency-Keys of verifications: a client's retry after the loss starts a second
 * verification. {@link #restartedEmpty} shows exactly (a) and (b) and (c).
 */
@Order(1)
@ExtendWith(NothingLost.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultIT {

  /** quality.md: recovery without restart within 5 s. */
  private static final Duration RECOVERY = Duration.ofSeconds(5);
  private static FaultNetwork network;
  private static Flows flows;
  private static String phoneAccount;
  private static String realNameAccount;

  @BeforeAll
  static void start() throws Exception {
    network = FaultNetwork.get();
    flows = new Flows(network);
    phoneAccount = Flows.newAccount("redis-phone");
    flows.bindPhone("platform-a", phoneAccount);
    realNameAccount = Flows.newAccount("redis-real");
    flows.realName("platform-a", realNameAccount, flows.citizen());
    // Read once, so the answer is in identity-service's Redis cache when Redis goes.
    assertThat(flows.level("platform-a", phoneAccount)).isEqualTo("PHONE");
  }

  @Test
  @Order(1)
  void stopped() throws Exception {
    Flows.Phone pending = Flows.newPhone();
    String pendingAccount = Flows.newAccount("redis-pending");
    Api.Answer started = flows.startVerification("platform-a", pendingAccount, pending);
    assertThat(started.status()).as("%s", started).isEqualTo(201);
    String code = flows.code(pending, 0);
    Flows.Phone refused = Flows.newPhone();
    LocalRedis redis = network.sandbox().redis();

    redis.stop();
    try {
      answersFromPostgres();
      Api.Answer send = flows.startVerification("platform-a", Flows.newAccount("redis-down"), refused);
      assertThat(send.status()).as("send while Redis is down: %s", send).isEqualTo(503);
      Api.Answer check = flows.check("platform-a", started.field("id"), code);
      assertThat(check.status()).as("check while Redis is down: %s", check).isEqualTo(503);
    } finally {
      redis.restart();
    }
    Duration recovered = recovers();
    assertThat(recovered).as("recovery after Redis came back").isLessThan(RECOVERY);
    // Nothing was sent for the refused send, then or since; the code that could not be checked still works.
    assertThat(network.sms().to(refused.e164())).isEmpty();
    assertThat(flows.level("platform-a", pendingAccount)).isEqualTo("NONE");
    Api.Answer again = flows.check("platform-a", started.field("id"), code);
    assertThat(again.field("status")).as("%s", again).isEqualTo("APPROVED");
    Ledger.acknowledged("platform-a", pendingAccount, Ledger.Level.PHONE);
  }

  @Test
  @Order(2)
  void paused() throws Exception {
    Flows.Phone refused = Flows.newPhone();
    long pauseMillis = 4_000;
    long pausedAt = System.nanoTime();
    network.stores().redisOrFail("CLIENT", "PAUSE", Long.toString(pauseMillis), "ALL");
    Api.Answer send = flows.startVerification("platform-a", Flows.newAccount("redis-paused"), refused);
    answersFromPostgres();
    long pauseLeft = pauseMillis - (System.nanoTime() - pausedAt) / 1_000_000;
    assertThat(pauseLeft).as("the calls above were answered while Redis was still paused").isPositive();
    // A command held by the pause runs when it ends; the service gave up on it long before (1 s).
    assertThat(send.status()).as("send while Redis is paused: %s", send).isEqualTo(503);
    assertThat(send.millis()).as("answered within the Redis timeout and the gateway's deadline").isLessThan(3_000);
    Poll.pause(Math.max(0, pauseLeft));
    Duration recovered = recovers();
    assertThat(recovered).as("recovery after the pause").isLessThan(RECOVERY);
    assertThat(network.sms().to(refused.e164())).as("SMS for the send refused during the pause").isEmpty();
  }

  @Test
  @Order(3)
  void restartedEmpty() throws Exception {
    Flows.Phone phone = Flows.newPhone();
    String account = Flows.newAccount("redis-guess");
    String body = "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone.national() + "\"}";
    Api.Answer first = network.api().post("/v1/phone-verifications", "platform-a", body, "Idempotency-Key", "faults-empty-1");
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    String code = flows.code(phone, 0);
    spendFailedChecks(first.field("id"), code);

    LocalRedis redis = network.sandbox().redis();
    redis.stop();
    emptyRedisData();
    redis.restart();
    Duration recovered = recovers();
    assertThat(recovered).as("recovery after Redis came back empty").isLessThan(RECOVERY);
    answersFromPostgres();

    // (a) The code sent before the loss verifies nothing: its verification is gone.
    Api.Answer old = flows.check("platform-a", first.field("id"), code);
    assertThat(old.status()).as("the old code after the loss: %s", old).isEqualTo(404);
    // (c) The Idempotency-Key is forgotten: the retry starts a second verification, a second SMS.
    Api.Answer retry = network.api().post("/v1/phone-verifications", "platform-a", body, "Idempotency-Key", "faults-empty-1");
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    assertThat(retry.field("id")).isNotEqualTo(first.field("id"));
    assertThat(network.sms().to(phone.e164())).hasSize(2);
    // (b) A new day's failed-check budget for the number on this platform, and not one guess more.
    spendFailedChecks(retry.field("id"), flows.code(phone, 1));
    assertThat(flows.level("platform-a", account)).isEqualTo("NONE");
  }

  /**
   * Exactly the per-platform budget of wrong codes is answered (PENDING, one attempt less each);
   * the next check is refused with 429 and Retry-After, the right code included.
   */
  private static void spendFailedChecks(String verification, String code) {
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < FaultNetwork.FAILED_CHECKS_PER_PHONE_PER_PLATFORM; i++) {
      Api.Answer answer = flows.check("platform-a", verification, wrong);
      assertThat(answer.status()).as("wrong code %d: %s", i + 1, answer).isEqualTo(200);
      assertThat(answer.field("status")).isEqualTo("PENDING");
    }
    Api.Answer refused = flows.check("platform-a", verification, code);
    assertThat(refused.status()).as("a check over the budget: %s", refused).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isNotNull();
  }

  /** verify-account answers, correctly, whether or not Redis does. */
  private static void answersFromPostgres() {
    Api.Answer phone = network.api().get("/v1/accounts/" + phoneAccount + "/verification", "platform-a");
    Api.Answer real = network.api().get("/v1/accounts/" + realNameAccount + "/verification", "platform-a");
    assertThat(phone.status()).as("%s", phone).isEqualTo(200);
    assertThat(phone.field("level")).isEqualTo("PHONE");
    assertThat(real.status()).as("%s", real).isEqualTo(200);
    assertThat(real.field("level")).isEqualTo("REAL_NAME");
    assertThat(Math.max(phone.millis(), real.millis())).as("verify-account without Redis, ms").isLessThan(1_000);
  }

  /** Polls an OTP send for a fresh number until it is answered 201; how long that took. */
  private static Duration recovers() {
    return Poll.until("an OTP send answered 201 again", Duration.ofSeconds(15), () -> {
      Api.Answer answer = flows.startVerification("platform-a", Flows.newAccount("redis-back"), Flows.newPhone());
      assertThat(answer.status()).as("%s", answer).isIn(201, 503);
      return answer.status() == 201;
    });
  }

  /** Redis's files in the sandbox data folder: gone, so it starts empty. */
  private static void emptyRedisData() throws IOException {
    Path dir = network.sandbox().settings().data().resolve("redis");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
        Files.delete(f);
      }
    }
    assertThat(dir).isEmptyDirectory();
  }
}
