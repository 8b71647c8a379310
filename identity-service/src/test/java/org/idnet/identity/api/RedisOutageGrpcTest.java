package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import org.idnet.identity.CountingDataSource;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** quality.md: Redis stopped, verify-account still answers from PostgreSQL, and recovers without a restart within 5 s. */
class RedisOutageGrpcTest {

  static HikariDataSource pool;
  static CountingDataSource dataSource;
  static LocalRedis redis;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    pool = TestDatabase.migrated("identity_redis_outage");
    dataSource = new CountingDataSource(pool);
    redis = TestStores.dedicatedRedis();
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).redis(redis.uri()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    redis.close();
    pool.close();
  }

  @Test
  void withRedisStoppedAnswersComeFromPostgresAndTheCacheIsUsedAgainSoonAfterARestart() throws Exception {
    String phone = unique("phone");
    String real = unique("real");
    grpc.bind("platform-a", phone, "+84912000601", unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(real, TestCitizens.bornIn(1990)));
    grpc.cachedEntry("platform-a", phone);

    redis.stop();
    long start = System.nanoTime();
    List<AccountVerification> during = null;
    for (int i = 0; i < 20; i++) {
      during = grpc.lookup(PLATFORM_A, List.of(phone, real, "never-seen"));
    }
    Duration twentyLookups = Duration.ofNanos(System.nanoTime() - start);
    // Changes while Redis is down are answered correctly too.
    grpc.clock.advance(Duration.ofMinutes(1));
    grpc.numberEvent("+84912000601", NumberEventType.DISCONNECTED, grpc.clock.instant());
    AccountVerification revoked = grpc.check(PLATFORM_A, phone);

    redis.restart();
    long restarted = System.nanoTime();
    boolean cachedAgain = false;
    while (!cachedAgain && System.nanoTime() - restarted < Duration.ofSeconds(5).toNanos()) {
      grpc.lookup(PLATFORM_A, List.of(phone, real));
      dataSource.reset();
      grpc.lookup(PLATFORM_A, List.of(phone, real));
      cachedAgain = dataSource.statements() == 0;
      Thread.sleep(100);
    }

    assertThat(during).extracting(a -> a.getLevel()).containsExactly(VerificationLevel.PHONE,
        VerificationLevel.REAL_NAME, VerificationLevel.NONE);
    assertThat(twentyLookups).isLessThan(Duration.ofSeconds(3));
    assertThat(revoked.getStatus()).isEqualTo(VerificationStatus.REVOKED);
    assertThat(cachedAgain).as("answers cached again within 5 s of Redis coming back").isTrue();
    assertThat(grpc.check(PLATFORM_A, phone).getStatus()).isEqualTo(VerificationStatus.REVOKED);
  }
}
