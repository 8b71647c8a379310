package org.idnet.identity;

import org.idnet.migrations.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Accounts, bindings and verification levels over gRPC; personal data encrypted in PostgreSQL. */
@SpringBootApplication
public class IdentityServiceApplication {

  public static void main(String[] args) {
    if (MigrateOnly.requested(args)) {
      MigrateOnly.migrate(IdentityServiceApplication.class, args);
      System.exit(0);
    }
    SpringApplication.run(IdentityServiceApplication.class, args);
  }
}
