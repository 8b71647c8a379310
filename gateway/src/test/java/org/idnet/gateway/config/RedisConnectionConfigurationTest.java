package org.idnet.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** What Spring Boot's Redis auto-configuration builds from the gateway's one Redis URL (nothing connects here). */
class RedisConnectionConfigurationTest {

  static final Path CA = LocalSentinel.Tls.fromNewCa("gateway wiring CA").ca();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
      .withUserConfiguration(RedisConnectionConfiguration.class);

  @Test
  void sentinelUrlBecomesBootsSentinelConnectionWithThePasswordEverywhereAndTls() {
    runner.withPropertyValues(
            "spring.data.redis.url=rediss-sentinel://:s3cret@redis-a:26379,redis-b:26380/2#idnet",
            "spring.data.redis.timeout=300ms", "idnet.redis.trust-file=" + CA)
        .run(context -> {
          assertThat(context).hasNotFailed();
          LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
          RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
          assertThat(sentinel).isNotNull();
          assertThat(sentinel.getMaster().getName()).isEqualTo("idnet");
          assertThat(sentinel.getSentinels()).extracting(RedisNode::getHost, RedisNode::getPort)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("redis-a", 26379),
                  org.assertj.core.groups.Tuple.tuple("redis-b", 26380));
          assertThat(new String(sentinel.getPassword().get())).isEqualTo("s3cret");
          assertThat(new String(sentinel.getSentinelPassword().get())).isEqualTo("s3cret");
          assertThat(sentinel.getDatabase()).isEqualTo(2);
          assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
          assertThat(factory.getClientConfiguration().isVerifyPeer()).isTrue();
          assertThat(factory.getClientConfiguration().getCommandTimeout()).hasMillis(300);
          assertThat(factory.getClientConfiguration().getClientOptions().orElseThrow().getSslOptions())
              .as("the CA file, not the JVM's trust store").isNotNull();
        });
  }

  @Test
  void verifyPeerOfTheUrlIsKept() {
    runner.withPropertyValues("spring.data.redis.url=rediss-sentinel://:s3cret@redis-a:26379/0?verifyPeer=CA#idnet",
            "idnet.redis.trust-file=" + CA)
        .run(context -> assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration()
            .getVerifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.CA));
  }

  @Test
  void plainRedisUrlStaysBootsStandaloneConnection() {
    runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:6390/1").run(context -> {
      assertThat(context).hasNotFailed();
      LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
      assertThat(factory.getSentinelConfiguration()).isNull();
      assertThat(factory.getStandaloneConfiguration().getHostName()).isEqualTo("127.0.0.1");
      assertThat(factory.getStandaloneConfiguration().getPort()).isEqualTo(6390);
      assertThat(factory.getStandaloneConfiguration().getDatabase()).isEqualTo(1);
      assertThat(factory.getClientConfiguration().isUseSsl()).isFalse();
    });
  }

  @Test
  void trustFileWithAPlainUrlStopsStartUpNamingBoth() {
    runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:6390", "idnet.redis.trust-file=" + CA)
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(
            "idnet.redis.trust-file is set but spring.data.redis.url (redis://) does not use TLS"));
  }

  @Test
  void aPasswordInClearTextToAnotherMachineStopsStartUpWithoutShowingIt() {
    runner.withPropertyValues("spring.data.redis.url=redis-sentinel://:s3cret@redis-a:26379/0#idnet")
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("clear text")
            .hasMessageNotContaining("s3cret"));
  }
}
