package org.idnet.web.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.spring.RedisTrustProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Lettuce connection (keys as text, values as bytes) for sessions and the per-address limits.
 * Commands time out after {@code idnet.web.redis-timeout} and are refused while disconnected, so a
 * Redis outage fails requests at once (closed); Lettuce reconnects by itself. Connecting (TCP, TLS,
 * the handshake) may take longer than a command on a loaded machine or at a failover: it has
 * {@link #CONNECT_TIMEOUT}, so a slow start is not taken for a missing Redis.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisTrustProperties.class)
public class RedisConfiguration {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @Bean(destroyMethod = "shutdown")
  RedisClient webRedisClient(WebProperties properties, RedisTrustProperties trust) {
    RedisEndpoint endpoint = RedisEndpoint.of("idnet.web.redis-url", properties.redisUrl(), trust.trustFile());
    RedisClient client = RedisClient.create(endpoint.uri(longer(properties.redisTimeout(), CONNECT_TIMEOUT)));
    client.setOptions(endpoint.applyTo(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(longer(properties.redisTimeout(), CONNECT_TIMEOUT)).keepAlive(true).build()))
        .build());
    return client;
  }

  /** Connected lazily on first use would need a wrapper; connected here, so a start without Redis fails clearly. */
  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, byte[]> webRedis(RedisClient webRedisClient) {
    return webRedisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
