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
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on Redis behind Sentinel (TLS, password): answers are cached there; when the master
 * dies they come from PostgreSQL, right and fast; once Sentinel has promoted the replica they are
 * cached again, without a restart.
 */
class RedisFailoverGrpcTest {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("identity failover CA");
  static HikariDataSource pool;
  static CountingDataSource dataSource;
  static LocalSentinel redis;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    pool = TestDatabase.migrated("identity_redis_failover");
    dataSource = new CountingDataSource(pool);
    redis = LocalSentinel.start("identity-failover-pw", TLS);
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).redis(redis.uri(), TLS.ca()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    redis.close();
    pool.close();
  }

  /** Whether two look-ups in a row were answered from the cache (the second touched no table). */
  static boolean cached(List<String> accounts) {
    grpc.lookup(PLATFORM_A, accounts);
    dataSource.reset();
    grpc.lookup(PLATFORM_A, accounts);
    return dataSource.statements() == 0;
  }

  @Test
  void whenTheMasterDiesAnswersComeFromPostgresThenFromTheCacheOnThePromotedReplica() throws Exception {
    String phone = unique("phone");
    String real = unique("real");
    grpc.bind("platform-a", phone, "+84912000701", unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(real, TestCitizens.bornIn(1990)));
    assertThat(grpc.cachedEntry("platform-a", phone)).as("cached through Sentinel").startsWith("3V");

    int killed = redis.killMaster();
    long start = System.nanoTime();
    List<AccountVerification> during = null;
    for (int i = 0; i < 20; i++) {
      during = grpc.lookup(PLATFORM_A, List.of(phone, real, "never-seen"));
    }
    Duration twentyLookups = Duration.ofNanos(System.nanoTime() - start);

    boolean cachedAgain = false;
    while (!cachedAgain && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
      cachedAgain = cached(List.of(phone, real));
      Thread.sleep(100);
    }

    assertThat(during).extracting(AccountVerification::getLevel).containsExactly(VerificationLevel.PHONE,
        VerificationLevel.REAL_NAME, VerificationLevel.NONE);
    assertThat(twentyLookups).isLessThan(Duration.ofSeconds(3));
    assertThat(cachedAgain).as("answers cached again after the failover, without a restart").isTrue();
    assertThat(redis.masterPort()).isNotEqualTo(killed);
  }
}
