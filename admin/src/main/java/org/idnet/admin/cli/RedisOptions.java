package org.idnet.admin.cli;

import java.net.URI;
import java.util.Map;
import org.idnet.admin.onboarding.OnboardingException;
import picocli.CommandLine.Option;

/** Where the gateways' deny-list is: the Redis the gateways use. */
final class RedisOptions {

  static final String DEFAULT_URL = "redis://localhost:16379";

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "The gateways' Redis (env IDNET_REDIS_URL; default " + DEFAULT_URL + ", the sandbox). A URL with a"
          + " password goes in the environment only.")
  String redisUrl;

  String resolve(Map<String, String> env) {
    if (redisUrl != null && !redisUrl.isBlank()) {
      if (hasPassword(redisUrl)) {
        throw OnboardingException.invalid("a Redis password does not go on the command line (others can read it):"
            + " set IDNET_REDIS_URL instead of --redis-url");
      }
      return redisUrl.strip();
    }
    String variable = env.get("IDNET_REDIS_URL");
    return variable != null && !variable.isBlank() ? variable.strip() : DEFAULT_URL;
  }

  private static boolean hasPassword(String url) {
    try {
      return new URI(url.strip()).getRawUserInfo() != null;
    } catch (Exception e) {
      return url.contains("@");
    }
  }
}
