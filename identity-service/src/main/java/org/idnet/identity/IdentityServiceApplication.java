package org.idnet.identity;

import org.idnet.migrations.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Accounts, bindings and verification levels over gRPC; personal data encrypted in PostgreSQL. */
@SpringBootApplication
public class IdentityServiceApplication {

  /** What migrate-only also switches off: the scheduled jobs register with the scheduler at start, lazy or not. */
  static final String[] MIGRATE_ONLY_OFF = {"--idnet.identity.events.coming-of-age.enabled=false",
      "--idnet.identity.imports.processing.enabled=false", "--idnet.identity.hosted.cleanup.enabled=false"};

  public static void main(String[] args) {
    if (MigrateOnly.requested(args)) {
      MigrateOnly.migrate(IdentityServiceApplication.class, args, MIGRATE_ONLY_OFF);
      System.exit(0);
    }
    SpringApplication.run(IdentityServiceApplication.class, args);
  }
}
