package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.RedisVerificationCacheTest.cache;
import static org.idnet.identity.store.RedisVerificationCacheTest.eventually;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.idnet.redis.RedisEndpoint;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The answer cache on Redis as production runs it (Sentinel, TLS verified against the CA file, a
 * password): entries land on the master Sentinel names; a Redis whose certificate the CA did not
 * sign, or a wrong password, leaves the cache empty at once (fail open, answers from PostgreSQL)
 * with a log line that says why.
 */
class RedisVerificationCacheSentinelTest {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("identity redis CA");
  static final Path OTHER_CA = LocalSentinel.Tls.fromNewCa("not redis's CA").ca();
  static LocalSentinel redis;

  @BeforeAll
  static void start() {
    redis = LocalSentinel.start("identity-redis-pw", TLS);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  static RedisEndpoint endpoint(String url, Path trustFile) {
    return RedisEndpoint.of("idnet.identity.cache.redis-url", url, trustFile);
  }

  @Test
  void entriesGoThroughSentinelOverTlsToTheMaster() throws Exception {
    try (RedisVerificationCache cache = cache(endpoint(redis.uri(), TLS.ca()))) {
      assertThat(eventually(cache, "alice")).containsKey("alice");

      String stored = redis.askNode(redis.masterPort(), c -> c.sync().get(cache.key("platform-a", "alice")));
      assertThat(stored).startsWith("3VPU|");
    }
  }

  @Test
  void aRedisTheTrustFileDidNotSignLeavesTheCacheEmptyAndTheLogSaysWhy() throws Exception {
    assertFailsOpenLogging(endpoint(redis.uri(), OTHER_CA),
        "TLS: Redis's certificate is not signed by a CA in idnet.redis.trust-file");
  }

  @Test
  void aWrongPasswordLeavesTheCacheEmptyAndTheLogSaysWhy() throws Exception {
    assertFailsOpenLogging(endpoint(redis.uriWithPassword("guessed"), TLS.ca()),
        "Redis refused the password (WRONGPASS)");
  }

  private static void assertFailsOpenLogging(RedisEndpoint endpoint, String why) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(FailOpenRedis.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (RedisVerificationCache cache = cache(endpoint)) {
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        cache.putAll("platform-a", Map.of("bob", RedisVerificationCacheTest.PHONE), RedisVerificationCacheTest.NOW);
        assertThat(cache.getAll("platform-a", List.of("bob"), RedisVerificationCacheTest.NOW)).isEmpty();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (logs.list.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
          .startsWith("answer cache (Redis at Sentinels 127.0.0.1:")
          .contains("(master idnet) over TLS) unavailable, answering from PostgreSQL: " + why)
          .doesNotContain(redis.password()).doesNotContain("guessed"));
    } finally {
      logger.detachAppender(logs);
    }
  }
}
