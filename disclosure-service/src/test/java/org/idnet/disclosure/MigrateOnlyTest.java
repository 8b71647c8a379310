package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.migrations.MigrateOnly;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * idnet.db.migrate-only=true (Kubernetes' init container): Flyway migrates as the owner, with the
 * keysets for the Java migration, and nothing else starts — no TLS directory, legal-basis catalogue or
 * issuer is configured here, which a normal start refuses.
 */
class MigrateOnlyTest {

  @Test
  void migrateOnlyWhenRequestedThenMigratesEveryVersionAndStartsNothingElse() throws Exception {
    DisclosureDatabase db = DisclosureDatabase.empty();
    List<String> args = new ArrayList<>();
    db.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
    args.add("--idnet.disclosure.keys.directory=" + Files.createTempDirectory("disclosure-migrate-only-keys"));
    args.add("--idnet.disclosure.keys.create-if-missing=true");
    args.add("--" + MigrateOnly.PROPERTY + "=true");

    assertThat(MigrateOnly.requested(args.toArray(String[]::new))).isTrue();
    MigrateOnly.migrate(DisclosureServiceApplication.class, args.toArray(String[]::new),
        DisclosureServiceApplication.MIGRATE_ONLY_OFF);

    assertThat(JdbcClient.create(db.owner())
        .sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
        .query(String.class).list()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "10", "11");
  }

  @Test
  void requestedWhenNotSetThenFalse() {
    assertThat(MigrateOnly.requested(new String[] {"--server.port=0"})).isFalse();
  }
}
