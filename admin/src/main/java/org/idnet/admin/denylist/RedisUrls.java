package org.idnet.admin.denylist;

import java.nio.file.Path;
import org.idnet.admin.onboarding.OnboardingException;
import org.idnet.redis.RedisEndpoint;

/**
 * The gateways' Redis as every idnet process reads it (RedisEndpoint: redis://, rediss://,
 * redis-sentinel://, rediss-sentinel://, the CA file), checked before anything is sent; a mistake is
 * an invalid-input refusal (exit 2) whose message never repeats the URL, which may hold a password.
 */
final class RedisUrls {

  private RedisUrls() {
  }

  static RedisEndpoint parse(String url, Path trustFile) {
    try {
      return RedisEndpoint.of("the Redis URL", url, trustFile);
    } catch (IllegalArgumentException e) {
      throw OnboardingException.invalid(e.getMessage());
    }
  }
}
