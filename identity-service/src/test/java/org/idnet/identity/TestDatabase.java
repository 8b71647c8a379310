package org.idnet.identity;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.idnet.identity.store.AccountIdsMigration;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real PostgreSQL databases for tests, set up as production runs them: migrated with the production
 * Flyway scripts by the owning login, used by the service's application role, which holds only what
 * the migrations grant it.
 */
public final class TestDatabase {

  /** The service's login (spring.datasource.username's default). */
  public static final String APP_ROLE = "idnet_identity_app";
  public static final String APP_PASSWORD = "test-only-identity-app-password";

  private TestDatabase() {
  }

  /** A fresh database of the shared test server with the production schema: the application role's pool. */
  public static HikariDataSource migrated(String prefix) {
    String url = TestStores.newDatabase(prefix);
    // The Java migrations need the vault's keys only to convert existing rows: none here.
    flyway(owner(url), throwawayKeys()).load().migrate();
    return appPool(url);
  }

  /** A pool of the application role on this database (the role exists once a migration ran). */
  public static HikariDataSource appPool(String url) {
    return pool(url, APP_ROLE, APP_PASSWORD);
  }

  /** A fresh database of the shared test server, without any schema: the owning login's pool. */
  public static HikariDataSource empty(String prefix) {
    LocalPostgres postgres = TestStores.postgres();
    return pool(TestStores.newDatabase(prefix), postgres.user(), postgres.password());
  }

  /**
   * Flyway as the service configures it: the SQL scripts (granting {@link #APP_ROLE}, created here
   * if new) and the Java migrations, with these keys; run it as the owner.
   */
  public static FluentConfiguration flyway(DataSource owner, KeyProvider keys) {
    TestStores.postgres().ensureLoginRole(APP_ROLE, APP_PASSWORD);
    return Flyway.configure().dataSource(owner).locations("classpath:db/migration")
        .placeholders(Map.of("app_role", APP_ROLE))
        .javaMigrations(new AccountIdsMigration(new BlindIndex(keys), new FieldCipher(keys)));
  }

  /**
   * The owning login on the database of {@code pool}: for what the service cannot do (tampering as
   * someone with the database's credentials, reading the refusals, dumping every table).
   */
  public static JdbcClient asOwner(HikariDataSource pool) {
    return JdbcClient.create(owner(pool.getJdbcUrl()));
  }

  /** Spring properties that point a booted service at this database, as the sandbox does. */
  public static Map<String, String> springProperties(String url) {
    LocalPostgres postgres = TestStores.postgres();
    postgres.ensureLoginRole(APP_ROLE, APP_PASSWORD);
    return Map.of(
        "spring.datasource.url", url,
        "spring.datasource.username", APP_ROLE,
        "spring.datasource.password", APP_PASSWORD,
        "spring.flyway.user", postgres.user(),
        "spring.flyway.password", postgres.password());
  }

  private static DataSource owner(String url) {
    LocalPostgres postgres = TestStores.postgres();
    return new DriverManagerDataSource(url, postgres.user(), postgres.password());
  }

  private static KeyProvider throwawayKeys() {
    try {
      return VaultKeysets.plain(Files.createTempDirectory("migration-keys"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pool whose server is down: nothing listens on its port. */
  public static HikariDataSource unreachable() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HikariDataSource dataSource = pool("jdbc:postgresql://127.0.0.1:" + port + "/identity", "nobody", "nothing");
    dataSource.setInitializationFailTimeout(-1);
    return dataSource;
  }

  /**
   * Every row of every table of the public schema as text, bytea included (PostgreSQL renders it
   * as hex): what someone holding a dump of the database would read (read as the owner, who sees all).
   */
  public static String dump(HikariDataSource pool) {
    JdbcClient jdbc = asOwner(pool);
    List<String> tables = jdbc.sql("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""")
        .query(String.class).list();
    List<String> lines = new ArrayList<>();
    for (String table : tables) {
      lines.add("-- " + table);
      lines.addAll(jdbc.sql("SELECT row_to_json(t)::text FROM \"" + table + "\" t").query(String.class).list());
    }
    return String.join("\n", lines);
  }

  /** A pool of any login on any database of the shared test server. */
  public static HikariDataSource pool(String url, String user, String password) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(url);
    dataSource.setUsername(user);
    dataSource.setPassword(password);
    dataSource.setMaximumPoolSize(8);
    dataSource.setConnectionTimeout(2000);
    return dataSource;
  }
}
