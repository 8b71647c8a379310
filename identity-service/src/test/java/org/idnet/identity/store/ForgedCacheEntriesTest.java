package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.RedisVerificationCacheTest.NOW;
import static org.idnet.identity.store.RedisVerificationCacheTest.eventually;
import static org.idnet.identity.store.RedisVerificationCacheTest.redis;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.AgeStanding;
import org.idnet.redis.RedisEndpoint;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Redis is shared with the gateway and phone-otp-service (in Kubernetes, on one password), so a
 * value in identity's cache keys is believed only if identity-service's own key authenticates it:
 * against a real Redis, a value written by anyone without that key is never answered (a miss,
 * counted and logged without keys or values), and a genuine one is.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForgedCacheEntriesTest {

  static final String URL = TestStores.redis().uri();
  static final AccountStanding MINOR = AccountStanding.realName(NOW.minusSeconds(5), "AbCdEfGhIjKlMnOpQrStUv",
      new AgeStanding(AgeBand.MINOR, Optional.of(NOW.plus(Duration.ofDays(300)))));

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final KeyProvider keys = StoreFixture.newKeys();
  final String prefix = "forged-test-" + UUID.randomUUID() + ":";

  RedisVerificationCache cache(KeyProvider with) {
    return new RedisVerificationCache(RedisEndpoint.of("idnet.identity.cache.redis-url", URL, null), prefix,
        Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5),
        new BlindIndex(with), meters);
  }

  double rejected(String reason) {
    return meters.get(CacheRejections.METRIC).tag("reason", reason).counter().count();
  }

  @Test
  void anUnverifiedAccountRewrittenAsRealNameAdultIsNotAnswered(CapturedOutput output) throws Exception {
    try (RedisVerificationCache cache = cache(keys)) {
      eventually(cache, "warm-up");
      cache.putAll("platform-a", Map.of("mallory", AccountStanding.UNKNOWN), NOW);
      String key = cache.key("platform-a", "mallory");
      String genuine = redis(URL, c -> c.get(key));
      assertThat(genuine).startsWith("3UNU|||");

      // What the gateway's or phone-otp-service's password allows: SET on identity's key.
      String realNameAdult = "3VRA|1767225845123456||AbCdEfGhIjKlMnOpQrStUv";
      for (String unsealed : List.of(realNameAdult, realNameAdult.replaceFirst("^3", "1"))) {
        redis(URL, c -> c.set(key, unsealed));
        assertThat(cache.getAll("platform-a", List.of("mallory"), NOW)).as(unsealed).isEmpty();
      }
      assertThat(rejected("forged")).isEqualTo(1);
      assertThat(rejected("unsealed")).isEqualTo(1);

      // The sealed shape, with the genuine value's expiry and MAC: the MAC covers the standing.
      String[] parts = genuine.split("\\|", -1);
      redis(URL, c -> c.set(key, realNameAdult + "|" + parts[4] + "|" + parts[5]));
      assertThat(cache.getAll("platform-a", List.of("mallory"), NOW)).isEmpty();
      assertThat(rejected("forged")).isEqualTo(2);

      // Sealed under another identity-service's keys (another deployment, an attacker's own keyset).
      SealedEntries foreign = new SealedEntries(new BlindIndex(StoreFixture.newKeys()));
      redis(URL, c -> c.set(key, foreign.seal(key, realNameAdult, NOW.plusSeconds(600))));
      assertThat(cache.getAll("platform-a", List.of("mallory"), NOW)).isEmpty();
      assertThat(rejected("forged")).isEqualTo(3);

      // The genuine value again: answered.
      redis(URL, c -> c.set(key, genuine));
      assertThat(cache.getAll("platform-a", List.of("mallory"), NOW)).containsEntry("mallory", AccountStanding.UNKNOWN);

      assertThat(output.getAll()).contains("answer cache: a value in Redis did not open (forged)")
          .contains("answer cache: a value in Redis did not open (unsealed)")
          .doesNotContain(key).doesNotContain(genuine).doesNotContain("AbCdEfGhIjKlMnOpQrStUv");
    }
  }

  @Test
  void aMinorsGenuineValueMovedToAnotherAccountOrMadeAdultIsNotAnswered() throws Exception {
    try (RedisVerificationCache cache = cache(keys)) {
      eventually(cache, "warm-up");
      cache.putAll("platform-a", Map.of("kid", MINOR, "other", AccountStanding.UNKNOWN), NOW);
      String kid = redis(URL, c -> c.get(cache.key("platform-a", "kid")));
      assertThat(kid).startsWith("3VRM|");

      redis(URL, c -> c.set(cache.key("platform-a", "kid"), kid.replaceFirst("^3VRM", "3VRA")));
      redis(URL, c -> c.set(cache.key("platform-a", "other"), kid));
      assertThat(cache.getAll("platform-a", List.of("kid", "other"), NOW)).isEmpty();
      assertThat(rejected("forged")).isEqualTo(2);
    }
  }

  @Test
  void aGenuineValuePutBackAfterItsLifeIsNotAnswered() throws Exception {
    try (RedisVerificationCache cache = cache(keys)) {
      eventually(cache, "warm-up");
      cache.putAll("platform-a", Map.of("revoked-later", AccountStanding.phone(NOW)), NOW);
      assertThat(cache.getAll("platform-a", List.of("revoked-later"), NOW)).hasSize(1);

      // Redis still holds it (its clock is not the test's); read eleven minutes later it has expired.
      assertThat(cache.getAll("platform-a", List.of("revoked-later"), NOW.plus(Duration.ofMinutes(11)))).isEmpty();
      assertThat(rejected("expired")).isEqualTo(1);
      assertThat(rejected("forged")).isZero();
    }
  }

  @Test
  void valuesSealedBeforeABlindIndexRotationStillOpenAfterIt() throws Exception {
    KeysetHandle rotated = KeysetHandle.newBuilder(keys.blindIndexKeyset())
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
            .withRandomId().makePrimary())
        .build();
    KeyProvider after = BlindIndexTest.keys(keys.fieldEncryptionKeyset(), rotated, keys.subjectIdKeyset());
    SealedEntries before = new SealedEntries(new BlindIndex(keys));
    String value = before.seal("idv1:key", "3UNU|||", NOW.plusSeconds(60));

    SealedEntries.Opened opened = new SealedEntries(new BlindIndex(after)).open("idv1:key", value, NOW);
    assertThat(opened.outcome()).isEqualTo(SealedEntries.Outcome.OPENED);
    assertThat(opened.payload()).isEqualTo("3UNU|||");
    assertThat(new SealedEntries(new BlindIndex(after)).open("idv1:other", value, NOW).outcome())
        .isEqualTo(SealedEntries.Outcome.FORGED);
    for (String garbage : new String[] {"", "-", "3UNU|||", "x|y|z", "3UNU|||" + "|12|" + "!".repeat(22),
        "3UNU|||" + "|x|" + "A".repeat(22)}) {
      assertThat(before.open("idv1:key", garbage, NOW).outcome()).as(garbage).isEqualTo(SealedEntries.Outcome.FORGED);
    }
  }
}
