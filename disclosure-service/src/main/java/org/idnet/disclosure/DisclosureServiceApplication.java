package org.idnet.disclosure;

import org.idnet.migrations.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Lawful disclosure: requests, four-eyes approvals, grants, packages, the audit log and the
 * transparency report, behind the caller check on every gRPC call.
 */
@SpringBootApplication
public class DisclosureServiceApplication {

  /** What migrate-only also switches off: the scheduled jobs register with the scheduler at start, lazy or not. */
  static final String[] MIGRATE_ONLY_OFF = {"--idnet.disclosure.jobs.enabled=false"};

  public static void main(String[] args) {
    if (MigrateOnly.requested(args)) {
      MigrateOnly.migrate(DisclosureServiceApplication.class, args, MIGRATE_ONLY_OFF);
      System.exit(0);
    }
    SpringApplication.run(DisclosureServiceApplication.class, args);
  }
}
