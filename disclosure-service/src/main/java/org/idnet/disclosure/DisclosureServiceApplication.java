package org.idnet.disclosure;

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
      MigrateOnly.migrate(DisclosureServiceApplication.class, args);
      System.exit(0);
    }
    SpringApplication.run(DisclosureServiceApplication.class, args);
  }
}
