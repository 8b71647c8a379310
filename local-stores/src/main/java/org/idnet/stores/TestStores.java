package org.idnet.stores;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stores shared by all tests of one JVM, started on first use in the mode of
 * {@link StoreMode#fromEnvironment()} and stopped when the JVM exits. Each caller gets its own
 * database ({@link #newDatabase}) so test classes never see each other's rows.
 */
public final class TestStores {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static LocalPostgres postgres;
  private static LocalRedis redis;

  private TestStores() {
  }

  public static synchronized LocalPostgres postgres() {
    if (postgres == null) {
      postgres = switch (StoreMode.fromEnvironment().resolve()) {
        case EMBEDDED, AUTO -> LocalPostgres.embedded(null, 0);
        case TESTCONTAINERS -> LocalPostgres.container();
        case EXTERNAL -> LocalPostgres.external(required("idnet.test.postgres-url", "IDNET_TEST_POSTGRES_URL"));
      };
      closeOnExit(postgres);
    }
    return postgres;
  }

  public static synchronized LocalRedis redis() {
    if (redis == null) {
      redis = switch (StoreMode.fromEnvironment().resolve()) {
        case EMBEDDED, AUTO -> LocalRedis.embedded(null, 0);
        case TESTCONTAINERS -> LocalRedis.container();
        case EXTERNAL -> LocalRedis.external(required("idnet.test.redis-url", "IDNET_TEST_REDIS_URL"));
      };
      closeOnExit(redis);
    }
    return redis;
  }

  /** A new, empty database on the shared server; returns its JDBC URL. */
  public static String newDatabase(String prefix) {
    String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return postgres().createDatabase(name);
  }

  /** A Redis of its own that the caller may stop and restart (always embedded). */
  public static LocalRedis dedicatedRedis() {
    LocalRedis own = LocalRedis.embedded(null, 0);
    closeOnExit(own);
    return own;
  }

  private static String required(String property, String env) {
    String value = StoreMode.setting(property, env);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("IDNET_STORES=external needs " + env);
    }
    return value;
  }

  static void closeOnExit(AutoCloseable store) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        store.close();
      } catch (Exception ignored) {
        // the JVM is going away; the OS reclaims what is left
      }
    }, "stop-test-store"));
  }
}
