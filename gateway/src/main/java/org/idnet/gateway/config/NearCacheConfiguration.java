package org.idnet.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import org.idnet.gateway.nearcache.InvalidationSubscriber;
import org.idnet.gateway.nearcache.NearCache;
import org.idnet.gateway.nearcache.NearCacheBackends;
import org.idnet.gateway.nearcache.NearCacheInterceptor;
import org.idnet.redis.RedisEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The near cache of backend answers ({@link NearCache}) and its subscription to identity-service's
 * invalidations; {@code idnet.gateway.near-cache.enabled=false} leaves the backends as they are.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NearCacheProperties.class)
public class NearCacheConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "idnet.gateway.near-cache.enabled", havingValue = "true", matchIfMissing = true)
  NearCache nearCache(NearCacheProperties properties, MeterRegistry meters) {
    return new NearCache(properties.ttl(), properties.maxEntries(), meters);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(name = "idnet.gateway.near-cache.enabled", havingValue = "true", matchIfMissing = true)
  InvalidationSubscriber invalidationSubscriber(NearCacheProperties properties, RedisEndpoint redis,
      NearCache cache) {
    return new InvalidationSubscriber(redis, properties.channel(), properties.retryDelay(), cache);
  }

  @Bean
  NearCacheBackends nearCacheBackends(NearCacheProperties properties, ObjectProvider<NearCache> cache) {
    NearCache nearCache = cache.getIfAvailable();
    return new NearCacheBackends(nearCache == null ? null
        : new NearCacheInterceptor(nearCache, new HashSet<>(properties.methods())));
  }
}
