package org.idnet.admin.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.idnet.loopback.Loopback;
import org.idnet.admin.onboarding.OnboardingException;
import picocli.CommandLine.Option;

/**
 * Where the gateways' deny-list is: the Redis the gateways use. A URL with a password comes from the
 * environment or a file, never from the command line (other users see a process's arguments).
 */
final class RedisOptions {

  static final String DEFAULT_URL = "redis://localhost:16379";

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "The gateways' Redis (env IDNET_REDIS_URL; default " + DEFAULT_URL + ", the sandbox): redis://,"
          + " rediss:// (TLS), redis-sentinel://host:26379[,host2:26379]/0#master or rediss-sentinel://. A URL with a"
          + " password goes in the environment or a file only; it needs TLS unless the host is this machine ("
          + Loopback.HOSTS + ").")
  String redisUrl;

  @Option(names = "--redis-trust-file", paramLabel = "FILE",
      description = "PEM file of the CA that signed Redis's certificate, as the gateways' idnet.redis.trust-file (env"
          + " IDNET_REDIS_TRUST_FILE; default: the JVM's trust store). Only with rediss:// or rediss-sentinel://.")
  Path redisTrustFile;

  @Option(names = "--redis-url-file", paramLabel = "FILE",
      description = "File holding the Redis URL, e.g. one with a password (env IDNET_REDIS_URL_FILE).")
  Path redisUrlFile;

  /** The option, else IDNET_REDIS_TRUST_FILE, else none (the JVM's trust store). */
  Path trustFile(Map<String, String> env) {
    if (redisTrustFile != null) {
      return redisTrustFile;
    }
    String variable = env.get("IDNET_REDIS_TRUST_FILE");
    return variable == null || variable.isBlank() ? null : Path.of(variable.strip());
  }

  /** The option, else the file option, else IDNET_REDIS_URL, else the file of IDNET_REDIS_URL_FILE, else the default. */
  String resolve(Map<String, String> env) {
    if (redisUrl != null && !redisUrl.isBlank()) {
      if (redisUrlFile != null) {
        throw OnboardingException.invalid("both --redis-url and --redis-url-file are set: choose one");
      }
      if (hasPassword(redisUrl)) {
        throw OnboardingException.invalid("a Redis password does not go on the command line (others can read it):"
            + " put the URL in a file named by --redis-url-file or IDNET_REDIS_URL_FILE, or in IDNET_REDIS_URL");
      }
      return redisUrl.strip();
    }
    if (redisUrlFile != null) {
      return ConnectionOptions.readFile(redisUrlFile, "the Redis URL");
    }
    String variable = env.get("IDNET_REDIS_URL");
    if (variable != null && !variable.isBlank()) {
      return variable.strip();
    }
    String file = env.get("IDNET_REDIS_URL_FILE");
    if (file != null && !file.isBlank()) {
      return ConnectionOptions.readFile(Path.of(file.strip()), "the Redis URL");
    }
    return DEFAULT_URL;
  }

  private static boolean hasPassword(String url) {
    try {
      return new URI(url.strip()).getRawUserInfo() != null;
    } catch (Exception e) {
      return url.contains("@");
    }
  }
}
