package org.idnet.migrations;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code idnet.db.migrate-only=true} (env IDNET_DB_MIGRATE_ONLY, or {@code --idnet.db.migrate-only=true}):
 * migrate the schema with Flyway as its owner and exit, starting nothing else. Kubernetes runs this in
 * an init container, the only one holding the owner's password; the service's container then runs with
 * {@code spring.flyway.enabled=false} and never sees it.
 *
 * <p>The context is lazy, without a web or gRPC server: only Flyway, the data source and what the
 * Java migrations need (the service's keysets) are created; no TLS, Redis, register or scheduled job.
 */
public final class MigrateOnly {

  public static final String PROPERTY = "idnet.db.migrate-only";
  private static final Logger log = LoggerFactory.getLogger(MigrateOnly.class);

  private MigrateOnly() {
  }

  /** Whether the command line, a system property or the environment asks for migrations only. */
  public static boolean requested(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return environment.getProperty(PROPERTY, Boolean.class, false);
  }

  /**
   * Migrates and closes everything it opened; a failure propagates (the process exits non-zero).
   *
   * @param off arguments that switch off what the service would build even lazily, e.g. scheduled
   *     jobs, which register with the scheduler at start
   */
  public static MigrateResult migrate(Class<?> application, String[] args, String... off) {
    List<String> all = new ArrayList<>(List.of(args));
    // Last, so they win over any earlier argument: nothing listens, nothing else is built.
    all.addAll(List.of("--spring.main.web-application-type=none", "--spring.main.lazy-initialization=true",
        "--spring.grpc.server.enabled=false", "--spring.flyway.enabled=true"));
    all.addAll(List.of(off));
    try (ConfigurableApplicationContext context = SpringApplication.run(application, all.toArray(String[]::new))) {
      // Boot's initializer may have migrated already; then this finds nothing pending.
      MigrateResult result = context.getBean(Flyway.class).migrate();
      log.info("migrate-only: schema at version {} ({} migration(s) applied now)",
          context.getBean(Flyway.class).info().current().getVersion(), result.migrationsExecuted);
      return result;
    }
  }
}
