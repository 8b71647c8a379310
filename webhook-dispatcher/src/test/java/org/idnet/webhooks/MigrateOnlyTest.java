package org.idnet.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.output.MigrateResult;
import org.idnet.migrations.MigrateOnly;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' init container: migrate the schema as its owner and exit, with no TLS material, no
 * outbox reachable and nothing listening (the keysets are not opened either: no Java migration
 * needs them).
 */
class MigrateOnlyTest {

  @Test
  void migrateOnlyMigratesAndStartsNothingElse() throws Exception {
    WebhooksDatabase db = WebhooksDatabase.emptyForMigration();
    List<String> args = new ArrayList<>();
    db.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
    args.add("--" + MigrateOnly.PROPERTY + "=true");
    args.add("--idnet.webhooks.keys.directory=" + Files.createTempDirectory("no-keys"));
    args.add("--idnet.webhooks.sources.identity.target=localhost:1");
    args.add("--idnet.webhooks.sources.identity.peer=identity-service");

    MigrateResult result = MigrateOnly.migrate(WebhookDispatcherApplication.class, args.toArray(String[]::new),
        WebhookDispatcherApplication.MIGRATE_ONLY_OFF);

    assertThat(result.success).isTrue();
    assertThat(result.targetSchemaVersion).isEqualTo("1");
  }
}
