package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.AgeStanding;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.redis.RedisEndpoint;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;

/** The answer cache against a real Redis: bounded lifetimes, invalidation that wins, and life without Redis. */
class RedisVerificationCacheTest {

  static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");
  static final AccountStanding PHONE = AccountStanding.phone(NOW.minusSeconds(60));

  static RedisVerificationCache cache(String url) {
    return cache(RedisEndpoint.of("idnet.identity.cache.redis-url", url, null));
  }

  static RedisVerificationCache cache(RedisEndpoint redis) {
    return new RedisVerificationCache(redis, "cache-test-" + UUID.randomUUID() + ":", Duration.ofMinutes(10),
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5), new BlindIndex(StoreFixture.newKeys()),
        new SimpleMeterRegistry());
  }

  /** Gets until the cache answers (its connection opens in the background). */
  static Map<String, AccountStanding> eventually(RedisVerificationCache cache, String account) throws Exception {
    for (int i = 0; i < 100; i++) {
      cache.putAll("platform-a", Map.of(account, PHONE), NOW);
      Map<String, AccountStanding> hits = cache.getAll("platform-a", List.of(account), NOW);
      if (!hits.isEmpty()) {
        return hits;
      }
      Thread.sleep(50);
    }
    return Map.of();
  }

  static <T> T redis(String url, Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> commands) {
    RedisClient client = RedisClient.create(url);
    try (var connection = client.connect()) {
      return commands.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void putThenGetAnswersTheSameStandingWithoutPersonalData() throws Exception {
    try (RedisVerificationCache cache = cache(TestStores.redis().uri())) {
      AccountStanding realName = AccountStanding.realName(NOW.minusSeconds(5), "AbCdEfGhIjKlMnOpQrStUv",
          new AgeStanding(AgeBand.MINOR, Optional.of(NOW.plus(Duration.ofDays(3)))));
      eventually(cache, "warm-up");

      cache.putAll("platform-a", Map.of("alice", realName, "bob", AccountStanding.UNKNOWN), NOW);

      assertThat(cache.getAll("platform-a", List.of("alice", "bob", "carol"), NOW))
          .containsExactlyInAnyOrderEntriesOf(Map.of("alice", realName, "bob", AccountStanding.UNKNOWN));
      assertThat(cache.getAll("platform-b", List.of("alice"), NOW)).isEmpty();
      String raw = redis(TestStores.redis().uri(), c -> c.get(cache.key("platform-a", "alice")));
      assertThat(raw).startsWith("3VRM|").contains("|AbCdEfGhIjKlMnOpQrStUv|");
    }
  }

  @Test
  void anEntryNeverOutlivesItsReviewTime() throws Exception {
    try (RedisVerificationCache cache = cache(TestStores.redis().uri())) {
      eventually(cache, "warm-up");
      AccountStanding minor = AccountStanding.realName(NOW, "AbCdEfGhIjKlMnOpQrStUv",
          new AgeStanding(AgeBand.MINOR, Optional.of(NOW.plusSeconds(30))));
      AccountStanding due = AccountStanding.realName(NOW, "AbCdEfGhIjKlMnOpQrStUw",
          new AgeStanding(AgeBand.MINOR, Optional.of(NOW)));

      cache.putAll("platform-a", Map.of("minor", minor, "due", due, "adult", PHONE), NOW);

      long minorTtl = redis(TestStores.redis().uri(), c -> c.pttl(cache.key("platform-a", "minor")));
      long adultTtl = redis(TestStores.redis().uri(), c -> c.pttl(cache.key("platform-a", "adult")));
      assertThat(minorTtl).isPositive().isLessThanOrEqualTo(30_000);
      assertThat(adultTtl).isGreaterThan(30_000).isLessThanOrEqualTo(600_000);
      assertThat(cache.getAll("platform-a", List.of("due"), NOW)).isEmpty();
    }
  }

  @Test
  void aFillAfterAnInvalidationIsDroppedSoAStaleReadCannotWin() throws Exception {
    try (RedisVerificationCache cache = cache(TestStores.redis().uri())) {
      eventually(cache, "dave");

      // A reader took the old standing from the store; the change commits and invalidates; the reader fills.
      cache.invalidate(List.of(new AccountRef("platform-a", "dave")));
      cache.putAll("platform-a", Map.of("dave", PHONE), NOW);

      assertThat(cache.getAll("platform-a", List.of("dave"), NOW)).isEmpty();
    }
  }

  @Test
  void withRedisDownEverythingAnswersNothingAtOnceAndServiceReturnsWithinFiveSeconds() throws Exception {
    LocalRedis redis = TestStores.dedicatedRedis();
    try (RedisVerificationCache cache = cache(redis.uri())) {
      assertThat(eventually(cache, "erin")).containsKey("erin");

      redis.stop();
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(cache.getAll("platform-a", List.of("erin"), NOW)).isEmpty();
        cache.putAll("platform-a", Map.of("erin", PHONE), NOW);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

      redis.restart();
      long restarted = System.nanoTime();
      assertThat(eventually(cache, "erin")).containsKey("erin");
      assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(5));
    } finally {
      redis.close();
    }
  }

  @Test
  void anInvalidationThatCannotReachRedisIsRetriedAndMeanwhileTheEntryIsNotUsed() throws Exception {
    LocalRedis redis = TestStores.dedicatedRedis();
    try (TcpProxy proxy = new TcpProxy(redis.host(), redis.port());
        RedisVerificationCache cache = cache(proxy.uri())) {
      assertThat(eventually(cache, "frank")).containsKey("frank");

      proxy.cut();
      cache.invalidate(List.of(new AccountRef("platform-a", "frank")));
      // Redis kept the old entry: anyone reading it directly still sees it.
      String stale = redis(redis.uri(), c -> c.get(cache.key("platform-a", "frank")));
      assertThat(stale).startsWith("3V");
      proxy.restore();

      assertThat(cache.getAll("platform-a", List.of("frank"), NOW)).isEmpty();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      String value;
      do {
        Thread.sleep(100);
        value = redis(redis.uri(), c -> c.get(cache.key("platform-a", "frank")));
      } while (!RedisVerificationCache.TOMBSTONE.equals(value) && System.nanoTime() < deadline);
      assertThat(value).isEqualTo(RedisVerificationCache.TOMBSTONE);
    } finally {
      redis.close();
    }
  }

  @Test
  void standingsRoundTripThroughTheCodecAndForeignValuesAreMisses() {
    AccountStanding adult = AccountStanding.realName(Instant.parse("2026-01-02T03:04:05.123456Z"),
        "AbCdEfGhIjKlMnOpQrStUv", AgeStanding.ADULT);
    // An imported binding's PHONE (read again when it runs out) is told from an OTP's by its level letter.
    AccountStanding imported = AccountStanding.phone(new org.idnet.identity.domain.PhoneStanding.Active(
        Instant.parse("2026-01-02T03:04:05.123456Z"), org.idnet.identity.domain.PhoneSource.IMPORTED,
        java.util.Optional.of(Instant.parse("2027-01-02T03:04:05.123Z"))));
    for (AccountStanding s : List.of(adult, PHONE, imported, AccountStanding.UNKNOWN, AccountStanding.REVOKED)) {
      assertThat(StandingCodec.decode(StandingCodec.encode(s))).contains(s);
    }
    assertThat(StandingCodec.encode(imported)).startsWith("3VIU|");
    assertThat(StandingCodec.encode(PHONE)).startsWith("3VPU|");
    assertThat(StandingCodec.decode(StandingCodec.encode(PHONE)).orElseThrow().phoneSource())
        .contains(org.idnet.identity.domain.PhoneSource.OTP);
    assertThat(StandingCodec.encode(AccountStanding.UNKNOWN)).isEqualTo("3UNU|||");
    for (String foreign : new String[] {"", "-", "1VPU|||", "2VPU|||", "4VPU|||", "3XPU|||", "3VPU||", "3VPU|x||", "garbage"}) {
      assertThat(StandingCodec.decode(foreign)).as(foreign).isEmpty();
    }
    assertThat(adult.level()).isEqualTo(VerificationLevel.REAL_NAME);
  }
}
