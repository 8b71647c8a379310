package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.idnet.migrations.MigrateOnly;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * idnet.db.migrate-only=true (Kubernetes' init container): Flyway migrates as the owner, with the
 * vault's keysets for the Java migration, and nothing else starts — no TLS directory, Redis or register
 * is configured here, which a normal start refuses.
 */
class MigrateOnlyTest {

  @TempDir
  Path keys;

  private List<String> args(String url) {
    List<String> args = new ArrayList<>();
    TestDatabase.springProperties(url).forEach((name, value) -> args.add("--" + name + "=" + value));
    args.add("--idnet.identity.keys.directory=" + keys);
    args.add("--idnet.identity.keys.create-if-missing=true");
    return args;
  }

  @Test
  void migrateOnlyWhenRequestedThenMigratesEveryVersionAndStartsNothingElse() {
    String url = TestStores.newDatabase("identity_migrate_only");
    List<String> args = args(url);
    args.add("--" + MigrateOnly.PROPERTY + "=true");

    assertThat(MigrateOnly.requested(args.toArray(String[]::new))).isTrue();
    MigrateOnly.migrate(IdentityServiceApplication.class, args.toArray(String[]::new),
        IdentityServiceApplication.MIGRATE_ONLY_OFF);

    JdbcClient owner = TestDatabase.asOwner(TestDatabase.appPool(url));
    assertThat(owner.sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
        .query(String.class).list()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    // The Java migration (version 5) ran with the keysets: they were made in the mounted directory.
    assertThat(keys.resolve("aead-keyset.json")).exists();
  }

  @Test
  void startWhenMigrationsDisabledThenTheServiceNeedsNoOwnerCredentials() throws Exception {
    String url = TestStores.newDatabase("identity_migrate_only_then_start");
    List<String> migrate = args(url);
    migrate.add("--" + MigrateOnly.PROPERTY + "=true");
    MigrateOnly.migrate(IdentityServiceApplication.class, migrate.toArray(String[]::new),
        IdentityServiceApplication.MIGRATE_ONLY_OFF);

    // As the service container runs: Flyway off, an owner password that would fail if it were used.
    List<String> run = args(url);
    run.removeIf(a -> a.startsWith("--spring.flyway.password="));
    run.addAll(List.of("--spring.flyway.enabled=false", "--spring.flyway.password=wrong-owner-password",
        "--server.port=0", "--spring.grpc.server.port=0", "--idnet.tls.directory=" + tls(),
        "--idnet.identity.register.url=http://127.0.0.1:1", "--idnet.identity.register.api-key=migrate-only-test-key"));
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(IdentityServiceApplication.class)
        .run(run.toArray(String[]::new)).close());
    assertThat(failure).isNull();
  }

  @Test
  void requestedWhenNotSetThenFalse() {
    assertThat(MigrateOnly.requested(new String[] {"--server.port=0"})).isFalse();
    assertThat(MigrateOnly.requested(new String[] {"--idnet.db.migrate-only=false"})).isFalse();
  }

  private static Path tls() throws Exception {
    Path dir = Files.createTempDirectory("migrate-only-tls");
    return org.idnet.tls.dev.DevelopmentCa.create("migrate-only CA", java.time.Duration.ofHours(1))
        .issueTo(dir, "identity-service");
  }
}
