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

  public static void main(String[] args) {
    if (MigrateOnly.requested(args)) {
      // The scheduled jobs register with the scheduler at start, lazy or not.
      MigrateOnly.migrate(DisclosureServiceApplication.class, args, "--idnet.disclosure.jobs.enabled=false");
      System.exit(0);
    }
    SpringApplication.run(DisclosureServiceApplication.class, args);
  }
}
