package org.idnet.gateway.limits;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Spring Cloud Gateway's rate-limiter script is read from a class-path resource, and
 * {@link DefaultRedisScript#getSha1()} asks that resource for its modification time on every
 * request to see whether it changed. Inside a Boot fat jar that is a nested-jar look-up per
 * request (about a tenth of the gateway's CPU under load, seen in the benchmark's profile). A
 * script in a jar never changes: this replaces it by the same text held in memory.
 */
public final class RateLimiterScriptLoadedOnce implements BeanPostProcessor {

  /** The bean name Spring Cloud Gateway gives its script. */
  static final String SCRIPT_BEAN = "redisRequestRateLimiterScript";

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (SCRIPT_BEAN.equals(beanName) && bean instanceof DefaultRedisScript<?> script) {
      return inMemory(script);
    }
    return bean;
  }

  private static <T> DefaultRedisScript<T> inMemory(DefaultRedisScript<T> script) {
    DefaultRedisScript<T> copy = new DefaultRedisScript<>(script.getScriptAsString(), script.getResultType());
    copy.afterPropertiesSet();
    return copy;
  }
}
