package org.idnet.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter.Response;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * The leased token bucket against a real Redis: gateway replicas are limiter instances sharing
 * one Redis, as gateways do. Each replica may let through at most one lease more than the shared
 * bucket holds, never more.
 */
class LeasedRateLimiterTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static LettuceConnectionFactory connections;
  static ReactiveStringRedisTemplate redis;

  @BeforeAll
  static void connect() {
    connections = factory(REDIS.port());
    redis = new ReactiveStringRedisTemplate(connections);
  }

  @AfterAll
  static void close() {
    connections.destroy();
  }

  static LettuceConnectionFactory factory(int port) {
    LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(REDIS.host(), port),
        LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2))
            .clientOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
            .build());
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  static LeasedRateLimiter replica(String rateClass, int rate, long burst, int requested, int lease, AtomicLong clock) {
    return new LeasedRateLimiter(rateClass, rate, burst, requested, lease, TimeUnit.SECONDS.toNanos(60), redis,
        clock::get);
  }

  static boolean allowed(LeasedRateLimiter limiter, String client) {
    return limiter.isAllowed("any-route", client).block(Duration.ofSeconds(10)).isAllowed();
  }

  static long tokensInRedis(String rateClass, String client) {
    String tokens = redis.opsForValue().get(LeasedRateLimiter.keys(rateClass, client).get(0)).block(Duration.ofSeconds(5));
    return tokens == null ? -1 : (long) Double.parseDouble(tokens);
  }

  @Test
  void leaseSizeIsATenthOfTheBurstOr50MsOfTheRateInWholeRequestsAndOneMeansNoLease() {
    assertThat(LeasedRateLimiter.leaseRequests(5000, 10000, 1)).isEqualTo(250);
    assertThat(LeasedRateLimiter.leaseRequests(200, 400, 1)).isEqualTo(10);
    assertThat(LeasedRateLimiter.leaseRequests(1000, 400, 1)).isEqualTo(40);
    assertThat(LeasedRateLimiter.leaseRequests(20, 40, 1)).isEqualTo(1);
    assertThat(LeasedRateLimiter.leaseRequests(1, 60, 60)).isEqualTo(1);
    assertThat(LeasedRateLimiter.leaseRequests(5000, 10000, 60)).isEqualTo(4);
  }

  @Test
  void aBucketSomeoneElseDroveNegativeGrantsNothingAndRefuses() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("negative", 1, 100, 1, 10, clock);
    List<String> keys = LeasedRateLimiter.keys("negative", "client-negative");
    // Another client of the shared Redis wrote a negative count, refreshed "later" than now (no refill).
    redis.opsForValue().set(keys.get(0), "-500").block(Duration.ofSeconds(5));
    redis.opsForValue().set(keys.get(1), "99999999999").block(Duration.ofSeconds(5));
    assertThat(allowed(limiter, "client-negative")).isFalse();
    assertThat(allowed(limiter, "client-negative")).isFalse();
  }

  @Test
  void twoReplicasTogetherNeverLetThroughMoreThanTheBucketPlusOneLeaseEach() {
    AtomicLong clock = new AtomicLong();
    int burst = 1000;
    int lease = 50;
    LeasedRateLimiter first = replica("bound", 1, burst, 1, lease, clock);
    LeasedRateLimiter second = replica("bound", 1, burst, 1, lease, clock);
    long started = System.nanoTime();
    List<Boolean> answers = Flux.range(0, 3000)
        .flatMap(i -> (i % 2 == 0 ? first : second).isAllowed("route", "client-bound").map(Response::isAllowed), 32)
        .collectList().block(Duration.ofSeconds(60));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 2;
    long allowed = answers.stream().filter(a -> a).count();
    // At one token a second, the bucket gives at most burst + seconds; each replica may hold one lease unspent.
    assertThat(allowed).isBetween((long) burst - 2 * lease, burst + seconds + 2L * lease);
    assertThat(answers).contains(false);
  }

  @Test
  void theOvershootReachesOneLeasePerReplicaWhenEachHoldsALeaseTheOtherEmptiedTheBucketAround() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter first = replica("tight", 1, 100, 1, 10, clock);
    LeasedRateLimiter second = replica("tight", 1, 100, 1, 10, clock);
    // The first replica takes a lease of 10 and spends one; the second drains the bucket.
    assertThat(allowed(first, "client-tight")).isTrue();
    int bySecond = 0;
    while (allowed(second, "client-tight")) {
      bySecond++;
    }
    // The first still serves the 9 it holds, then is refused as the bucket is empty.
    int byFirst = 1;
    while (allowed(first, "client-tight")) {
      byFirst++;
    }
    long refill = 3; // at one token a second, the few seconds this test may take
    assertThat(byFirst).isGreaterThanOrEqualTo(10);
    assertThat(byFirst + bySecond).isBetween(100, 100 + 10 + (int) refill);
  }

  @Test
  void aLeaseOfOneIsARedisCallPerRequestAsRedisRateLimiterMakesOnItsKeys() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("exact", 1, 60, 20, 1, clock);
    Response first = limiter.isAllowed("route", "client-exact").block(Duration.ofSeconds(5));
    assertThat(first.isAllowed()).isTrue();
    assertThat(first.getHeaders()).containsEntry(RedisRateLimiter.REMAINING_HEADER, "40")
        .containsEntry(RedisRateLimiter.REPLENISH_RATE_HEADER, "1")
        .containsEntry(RedisRateLimiter.BURST_CAPACITY_HEADER, "60")
        .containsEntry(RedisRateLimiter.REQUESTED_TOKENS_HEADER, "20");
    assertThat(tokensInRedis("exact", "client-exact")).isEqualTo(40);
    assertThat(allowed(limiter, "client-exact")).isTrue();
    assertThat(allowed(limiter, "client-exact")).isTrue();
    Response refused = limiter.isAllowed("route", "client-exact").block(Duration.ofSeconds(5));
    // (one token a second may have come back meanwhile)
    assertThat(refused.isAllowed()).isFalse();
    assertThat(Long.parseLong(refused.getHeaders().get(RedisRateLimiter.REMAINING_HEADER))).isBetween(0L, 19L);
  }

  @Test
  void aLeaseIsTakenFromRedisInOneCallAndServedLocallyUntilSpentOrExpired() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("lease", 1, 1000, 1, 100, clock);
    Response first = limiter.isAllowed("route", "client-lease").block(Duration.ofSeconds(5));
    assertThat(first.isAllowed()).isTrue();
    assertThat(tokensInRedis("lease", "client-lease")).isEqualTo(900);
    // Remaining: what Redis had left plus what is left of the lease.
    assertThat(first.getHeaders()).containsEntry(RedisRateLimiter.REMAINING_HEADER, "999");
    for (int i = 0; i < 99; i++) {
      assertThat(allowed(limiter, "client-lease")).isTrue();
    }
    long afterOneLease = tokensInRedis("lease", "client-lease");
    assertThat(afterOneLease).as("the lease's 100 requests took one script call").isEqualTo(900L);
    assertThat(allowed(limiter, "client-lease")).isTrue();
    assertThat(tokensInRedis("lease", "client-lease")).isBetween(800L, 803L);
    // A lease past its time is dropped, not served: the next request takes a new one.
    clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
    assertThat(allowed(limiter, "client-lease")).isTrue();
    assertThat(tokensInRedis("lease", "client-lease")).isBetween(700L, 705L);
  }

  @Test
  void requestsArrivingTogetherWaitForOneLeaseInsteadOfTakingOneEach() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("together", 1, 1000, 1, 100, clock);
    List<Boolean> answers = Flux.range(0, 100)
        .flatMap(i -> limiter.isAllowed("route", "client-together").map(Response::isAllowed), 100)
        .collectList().block(Duration.ofSeconds(30));
    assertThat(answers).hasSize(100).containsOnly(true);
    assertThat(tokensInRedis("together", "client-together")).isEqualTo(900);
  }

  @Test
  void aRequestThatGoesAwayWhileItsLeaseIsOnItsWayLeavesTheLeaseToTheNext() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("gone", 1, 1000, 1, 100, clock);
    limiter.isAllowed("route", "client-gone").subscribe().dispose();
    assertThat(allowed(limiter, "client-gone")).isTrue();
    for (int i = 0; i < 98; i++) {
      assertThat(allowed(limiter, "client-gone")).isTrue();
    }
    assertThat(tokensInRedis("gone", "client-gone")).as("one lease served them all").isEqualTo(900);
  }

  @Test
  void clientsAndClassesHaveBucketsOfTheirOwn() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter check = replica("own-a", 1, 10, 1, 5, clock);
    LeasedRateLimiter lookup = replica("own-b", 1, 10, 1, 5, clock);
    for (int i = 0; i < 10; i++) {
      assertThat(allowed(check, "client-own")).isTrue();
    }
    assertThat(allowed(check, "client-own")).isFalse();
    assertThat(allowed(check, "client-other")).isTrue();
    assertThat(allowed(lookup, "client-own")).isTrue();
  }

  @Test
  void clientsWhoseLeaseRanOutAreForgottenOnceManyAreHeld() {
    AtomicLong clock = new AtomicLong();
    LeasedRateLimiter limiter = replica("many", 100, 1000, 1, 5, clock);
    Flux.range(0, LeasedRateLimiter.SWEEP_ABOVE + 1)
        .flatMap(i -> limiter.isAllowed("route", "client-many-" + i), 64)
        .blockLast(Duration.ofSeconds(120));
    assertThat(limiter.clientsHeld()).isEqualTo(LeasedRateLimiter.SWEEP_ABOVE + 1);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
    assertThat(allowed(limiter, "client-many-new")).isTrue();
    assertThat(limiter.clientsHeld()).isEqualTo(1);
  }

  @Test
  void whileRedisCannotBeReachedRequestsAreLetThroughAsRedisRateLimiterDoes() {
    LettuceConnectionFactory nowhere = factory(LocalRedis.freePort());
    try {
      ReactiveStringRedisTemplate down = new ReactiveStringRedisTemplate(nowhere);
      for (int lease : new int[] {1, 50}) {
        LeasedRateLimiter limiter = new LeasedRateLimiter("down", 1, 1, 1, lease, TimeUnit.SECONDS.toNanos(60),
            down, System::nanoTime);
        for (int i = 0; i < 3; i++) {
          Response response = limiter.isAllowed("route", "client-down").block(Duration.ofSeconds(30));
          assertThat(response.isAllowed()).isTrue();
          assertThat(response.getHeaders()).containsEntry(RedisRateLimiter.REMAINING_HEADER, "-1");
        }
      }
    } finally {
      nowhere.destroy();
    }
  }
}
