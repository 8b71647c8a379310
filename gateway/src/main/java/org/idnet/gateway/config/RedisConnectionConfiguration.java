package org.idnet.gateway.config;

import io.lettuce.core.RedisURI;
import org.idnet.redis.RedisEndpoint;
import org.idnet.redis.spring.RedisTrustProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway's Redis from the one URL every idnet process takes ({@code spring.data.redis.url}:
 * {@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code rediss-sentinel://}) and
 * {@code idnet.redis.trust-file}, with Spring Boot's own connection factory doing the rest (pooling,
 * timeouts, metrics). Boot reads that URL only as {@code redis://} or {@code rediss://}, so a
 * Sentinel URL is restated as Boot's {@code spring.data.redis.sentinel.*}
 * ({@link SentinelUrlAsBootProperties}); TLS for either kind, and the CA file, are set here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisTrustProperties.class)
public class RedisConnectionConfiguration {

  static final String URL_PROPERTY = "spring.data.redis.url";

  /** Checks the URL and the CA file at start (a clear message, never the password). */
  @Bean
  RedisEndpoint redisEndpoint(Environment environment, RedisTrustProperties trust) {
    String url = environment.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(URL_PROPERTY + " is required: " + RedisEndpoint.SHAPES);
    }
    return RedisEndpoint.of(URL_PROPERTY, url, trust.trustFile());
  }

  @Bean
  static SentinelUrlAsBootProperties sentinelUrlAsBootProperties() {
    return new SentinelUrlAsBootProperties();
  }

  /** TLS from the URL: for a Sentinel URL Boot no longer sees it; verifyPeer as the URL says (FULL by default). */
  @Bean
  LettuceClientConfigurationBuilderCustomizer redisTls(RedisEndpoint redis) {
    RedisURI uri = redis.uri();
    return builder -> {
      if (uri.isSsl()) {
        builder.useSsl().verifyPeer(uri.getVerifyMode());
      }
    };
  }

  /** The CA file, which Lettuce reads again for every new connection (a rotated CA needs no restart). */
  @Bean
  LettuceClientOptionsBuilderCustomizer redisTrust(RedisEndpoint redis) {
    return redis::applyTo;
  }
}
