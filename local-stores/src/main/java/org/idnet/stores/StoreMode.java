package org.idnet.stores;

import java.util.Locale;

/**
 * Where the real PostgreSQL and Redis of tests come from. Chosen by the environment variable
 * {@code IDNET_STORES} (or the system property {@code idnet.stores}):
 * <ul>
 *   <li>{@code auto} (default): Testcontainers when a Docker engine answers, embedded otherwise;</li>
 *   <li>{@code embedded}: PostgreSQL and Redis binaries from Maven artifacts, as local processes;</li>
 *   <li>{@code testcontainers}: containers {@code postgres:17-alpine} and {@code redis:7-alpine};</li>
 *   <li>{@code external}: servers already running, at {@code IDNET_TEST_POSTGRES_URL}
 *       ({@code postgresql://user:password@host:port/db}) and {@code IDNET_TEST_REDIS_URL}
 *       ({@code redis://host:port}).</li>
 * </ul>
 */
public enum StoreMode {
  AUTO, EMBEDDED, TESTCONTAINERS, EXTERNAL;

  public static StoreMode fromEnvironment() {
    String value = setting("idnet.stores", "IDNET_STORES");
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "IDNET_STORES must be one of auto, embedded, testcontainers, external; was '" + value + "'");
    }
  }

  /** The mode to use for real: resolves {@link #AUTO} by asking whether Docker answers. */
  public StoreMode resolve() {
    if (this != AUTO) {
      return this;
    }
    return DockerProbe.dockerAvailable() ? TESTCONTAINERS : EMBEDDED;
  }

  static String setting(String property, String env) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(env);
  }
}
