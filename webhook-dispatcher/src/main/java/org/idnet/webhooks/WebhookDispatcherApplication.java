package org.idnet.webhooks;

import org.idnet.migrations.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Platforms' webhook endpoints, and the delivery of identity-service's and disclosure-service's
 * outbox events to them: the only idnet process that connects to the Internet.
 */
@SpringBootApplication
public class WebhookDispatcherApplication {

  /** What migrate-only also switches off: the readers and the delivery loop start with the context. */
  static final String[] MIGRATE_ONLY_OFF = {"--idnet.webhooks.jobs-enabled=false"};

  public static void main(String[] args) {
    if (MigrateOnly.requested(args)) {
      MigrateOnly.migrate(WebhookDispatcherApplication.class, args, MIGRATE_ONLY_OFF);
      System.exit(0);
    }
    SpringApplication.run(WebhookDispatcherApplication.class, args);
  }
}
