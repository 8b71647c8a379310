package org.idnet.gateway.config;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.idnet.redis.RedisEndpoint;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * Restates a Sentinel URL in {@code spring.data.redis.url} as the Sentinel properties Boot reads
 * (master, nodes, the password for data nodes and Sentinels, database) once they are bound, and
 * removes the URL, which Boot would refuse ({@code redis-sentinel} is not a scheme it knows). Done
 * on the bound properties rather than in the environment, so every property source counts, test
 * ones included. A {@code redis://} or {@code rediss://} URL is left exactly as it was.
 */
final class SentinelUrlAsBootProperties implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataRedisProperties properties && properties.getUrl() != null
        && !properties.getUrl().isBlank()) {
      RedisEndpoint endpoint = RedisEndpoint.of(RedisConnectionConfiguration.URL_PROPERTY, properties.getUrl(), null);
      if (endpoint.sentinel()) {
        restate(endpoint.uri(), properties);
      }
    }
    return bean;
  }

  private static void restate(RedisURI uri, DataRedisProperties properties) {
    DataRedisProperties.Sentinel sentinel = new DataRedisProperties.Sentinel();
    sentinel.setMaster(uri.getSentinelMasterId());
    sentinel.setNodes(uri.getSentinels().stream().map(node -> node.getHost() + ":" + node.getPort()).toList());
    if (uri.getCredentialsProvider() != null) {
      RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(1));
      if (credentials != null) {
        String password = credentials.hasPassword() ? new String(credentials.getPassword()) : null;
        String username = credentials.hasUsername() ? credentials.getUsername() : null;
        properties.setUsername(username);
        properties.setPassword(password);
        // The one password opens the Sentinels too (RedisEndpoint's rule, the same in every service).
        sentinel.setUsername(username);
        sentinel.setPassword(password);
      }
    }
    properties.setSentinel(sentinel);
    properties.setDatabase(uri.getDatabase());
    properties.setUrl(null);
  }
}
