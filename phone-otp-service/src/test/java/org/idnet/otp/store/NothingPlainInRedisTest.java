package org.idnet.otp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.v1.CheckPhoneVerificationRequest;
import org.idnet.otp.v1.CreatePhoneVerificationRequest;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dump of Redis holds neither a code nor a phone number (security.md), nor the account id a
 * platform chose, which is often an e-mail address (issue 11); a hosted session's counters name
 * the session (a random id) and hold counts (docs/pages.md section 8).
 */
class NothingPlainInRedisTest {

  static OtpHarness otp;

  @BeforeAll
  static void start() {
    otp = OtpHarness.onSharedRedis(4, p -> { });
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
  void createAndChecksWhenDoneThenNoKeyOrValueHoldsTheCodeThePhoneOrTheAccountId() {
    // With an Idempotency-Key, so its remembered answer is in the dump too.
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a", "signup-7f3a");
    PhoneVerification v = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("alice.nguyen@example.com").setPhoneNumber("0912345678").build()).getPhoneVerification();
    String code = otp.sms.lastCodeTo("+84912345678");
    // A wrong check too, so the per-phone failure counter exists.
    stub.checkPhoneVerification(CheckPhoneVerificationRequest.newBuilder().setId(v.getId())
        .setCode(code.equals("000000") ? "000001" : "000000").build());

    List<String> keys = otp.redis.call(r -> r.keys("*"));
    assertThat(keys).contains("otp:v:" + v.getId()).hasSizeGreaterThanOrEqualTo(9)
        .anyMatch(key -> key.startsWith("otp:idem:"));
    // The per-(phone, platform) counters hash the pair: no key ties a platform to a number's hash.
    assertThat(keys).filteredOn(key -> key.contains("platform-a")).containsExactly("otp:lim:platform:platform-a");
    List<String> dump = new ArrayList<>(keys);
    for (String key : keys) {
      dump.addAll(values(key));
    }
    long now = otp.clock.instant().toEpochMilli();
    // Still shown back to the platform and bound at identity-service: sealed, not dropped.
    assertThat(otp.store.find(v.getId())).hasValueSatisfying(
        found -> assertThat(found.accountId()).isEqualTo("alice.nguyen@example.com"));
    for (String item : dump) {
      assertThat(item).doesNotContain("912345678").doesNotContain("0912345678")
          .doesNotContainIgnoringCase("alice.nguyen").doesNotContainIgnoringCase("example.com");
      if (item.matches("[0-9]+")) {
        // Numbers are counters or epoch-millisecond times, never a code.
        long n = Long.parseLong(item);
        assertThat(n < 1000 || Math.abs(n - now) < 86_400_000L).as("numeric value %s", item).isTrue();
      } else {
        assertThat(item).doesNotContain(code);
      }
    }
  }

  @Test
  void aHostedSessionsCountersNameOnlyTheSessionAndHoldOnlyCounts() {
    String session = "vs_AAAAAAAAAAAAAAAAAAAAAA";
    PhoneVerificationServiceBlockingStub stub = otp.session("platform-a", session, "alice.nguyen@example.com");
    PhoneVerification v = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("alice.nguyen@example.com").setPhoneNumber("0912345678").build()).getPhoneVerification();
    String code = otp.sms.lastCodeTo("+84912345678");
    stub.checkPhoneVerification(CheckPhoneVerificationRequest.newBuilder().setId(v.getId())
        .setCode(code.equals("000000") ? "000001" : "000000").build());

    List<String> keys = otp.redis.call(r -> r.keys("otp:session:*"));
    assertThat(keys).containsExactlyInAnyOrder("otp:session:" + session + ":starts",
        "otp:session:" + session + ":sends", "otp:session:" + session + ":failed-checks");
    for (String key : keys) {
      assertThat(values(key)).singleElement().isEqualTo("1");
      long ttl = otp.redis.call(r -> r.pttl(key));
      assertThat(ttl).as("expires").isPositive();
    }
  }

  @Test
  void findWhenSealedPhoneMovedToAnotherVerificationThenItDoesNotDecrypt() {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
    String a = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("acc-1").setPhoneNumber("0912345678").build()).getPhoneVerification().getId();
    String b = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("acc-2").setPhoneNumber("0987654321").build()).getPhoneVerification().getId();
    String sealedA = otp.redis.call(r -> r.hget("otp:v:" + a, "ph"));
    otp.redis.call(r -> r.hset("otp:v:" + b, "ph", sealedA));

    assertThatThrownBy(() -> otp.store.find(b)).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("912345678");
    assertThat(otp.store.find(a)).hasValueSatisfying(v -> assertThat(v.phone().e164()).isEqualTo("+84912345678"));
  }

  @Test
  void findWhenSealedAccountIdMovedToAnotherVerificationOrFieldThenItDoesNotDecrypt() {
    PhoneVerificationServiceBlockingStub stub = otp.platform("platform-a");
    String a = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("victim@example.com").setPhoneNumber("0912345678").build()).getPhoneVerification().getId();
    String b = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("thief@example.com").setPhoneNumber("0987654321").build()).getPhoneVerification().getId();
    String c = stub.createPhoneVerification(CreatePhoneVerificationRequest.newBuilder()
        .setAccountId("other@example.com").setPhoneNumber("0987654322").build()).getPhoneVerification().getId();
    String sealedA = otp.redis.call(r -> r.hget("otp:v:" + a, "acc"));
    otp.redis.call(r -> r.hset("otp:v:" + b, "acc", sealedA));
    otp.redis.call(r -> r.hset("otp:v:" + c, "acc", otp.redis.call(r2 -> r2.hget("otp:v:" + c, "ph"))));

    assertThatThrownBy(() -> otp.store.find(b)).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("victim");
    assertThatThrownBy(() -> otp.store.find(c)).isInstanceOf(IllegalStateException.class);
    assertThat(otp.store.find(a)).hasValueSatisfying(v -> assertThat(v.accountId()).isEqualTo("victim@example.com"));
  }

  private static List<String> values(String key) {
    String type = otp.redis.call(r -> r.type(key));
    List<String> out = new ArrayList<>();
    switch (type) {
      case "string" -> out.add(otp.redis.call(r -> r.get(key)));
      case "hash" -> {
        Map<String, String> fields = otp.redis.call(r -> r.hgetall(key));
        out.addAll(fields.keySet());
        out.addAll(fields.values());
      }
      case "list" -> out.addAll(otp.redis.call(r -> r.lrange(key, 0, -1)));
      default -> throw new AssertionError("unexpected key type " + type);
    }
    return out;
  }
}
