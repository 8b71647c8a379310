package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.caller.Caller;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.NumberEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What identity-service tells the gateways' near caches: each CheckAccount answer names the opaque
 * key of its account (never the account id), and every change of the account's bindings - a bind,
 * a closure, a carrier's number event - announces that key on the invalidation channel, over a
 * real Redis.
 */
class NearCacheHintsGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static RedisClient redis;
  static StatefulRedisPubSubConnection<String, String> subscription;
  static final BlockingQueue<String> announced = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_near_cache");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
    redis = RedisClient.create(grpc.redisUrl);
    subscription = redis.connectPubSub();
    subscription.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        announced.add(message);
      }
    });
    subscription.sync().subscribe(grpc.invalidationChannel);
  }

  @AfterAll
  static void stop() {
    subscription.close();
    redis.shutdown();
    grpc.close();
    dataSource.close();
  }

  @BeforeEach
  void forgetEarlierAnnouncements() {
    grpc.clock.set(GrpcHarness.NOW);
    announced.clear();
  }

  /** The response headers of a CheckAccount call. */
  static Metadata hintsOf(Caller caller, String account) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    grpc.checks(caller).withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId(account).build());
    return headers.get();
  }

  @Test
  void anAnswerNamesItsOpaqueCacheKeyNeverTheAccountAndEachPlatformGetsItsOwn() {
    String account = unique("hint");
    grpc.bind("platform-a", account, "+84912000501", unique("v"));

    Metadata a = hintsOf(PLATFORM_A, account);
    Metadata b = hintsOf(PLATFORM_B, account);

    assertThat(a.get(NearCacheHints.TAG)).isEqualTo(grpc.cache.key("platform-a", account))
        .doesNotContain(account);
    assertThat(b.get(NearCacheHints.TAG)).isEqualTo(grpc.cache.key("platform-b", account))
        .isNotEqualTo(a.get(NearCacheHints.TAG));
    // A phone binding has no review time: the gateway's own TTL is the only bound.
    assertThat(a.get(NearCacheHints.MAX_AGE)).isNull();
  }

  @Test
  void aBindAClosureAndANumberEventEachAnnounceTheAccountsKey() throws Exception {
    String bound = unique("bound");
    String closed = unique("closed");
    String recycled = unique("recycled");
    String tagOfBound = grpc.cache.key("platform-a", bound);
    String tagOfClosed = grpc.cache.key("platform-a", closed);
    String tagOfRecycled = grpc.cache.key("platform-b", recycled);

    grpc.bind("platform-a", bound, "+84912000502", unique("v"));
    assertThat(nextAnnouncements()).contains(tagOfBound);

    grpc.bind("platform-a", closed, "+84912000503", unique("v"));
    announced.clear();
    grpc.closeAccount(PLATFORM_A, closed);
    assertThat(nextAnnouncements()).contains(tagOfClosed);

    grpc.bind("platform-b", recycled, "+84912000504", unique("v"));
    announced.clear();
    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.numberEvent("+84912000504", NumberEventType.REASSIGNED, grpc.clock.instant());
    assertThat(nextAnnouncements()).contains(tagOfRecycled);

    assertThat(List.copyOf(announced)).allSatisfy(message -> assertThat(message)
        .startsWith(grpc.keyPrefix).doesNotContain(bound).doesNotContain(closed).doesNotContain(recycled)
        .doesNotContain("912000504"));
  }

  @Test
  void aMinorInTheYearOfTheSixteenthBirthdayIsNotToBeKeptAndAYoungerOneOnlyUntilItsReview() {
    String teen = unique("teen");
    String kid = unique("kid");
    String guardian = unique("parent");
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(guardian, TestCitizens.bornIn(1980)));
    // Sixteen later this year than the harness's day: a minor still, until that birthday.
    java.time.MonthDay today = java.time.MonthDay.from(GrpcHarness.NOW.atZone(GrpcHarness.VIETNAM));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(teen, TestCitizens.bornLaterInYearThan(2010, today), guardian));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(kid, TestCitizens.bornIn(2014), guardian));

    assertThat(hintsOf(PLATFORM_A, teen).get(NearCacheHints.MAX_AGE)).isEqualTo("0");
    assertThat(Long.parseLong(hintsOf(PLATFORM_A, kid).get(NearCacheHints.MAX_AGE)))
        .isPositive().isLessThanOrEqualTo(Duration.ofDays(1).toMillis());
  }

  /** Every message announced within a few seconds of the change (normally within milliseconds). */
  private static List<String> nextAnnouncements() throws InterruptedException {
    String first = announced.poll(5, TimeUnit.SECONDS);
    assertThat(first).as("an invalidation announced").isNotNull();
    Thread.sleep(50);
    List<String> all = new java.util.ArrayList<>(List.of(first));
    announced.drainTo(all);
    announced.addAll(all);
    return all;
  }
}
