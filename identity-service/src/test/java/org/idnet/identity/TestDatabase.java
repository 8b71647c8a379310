package org.idnet.identity;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.idnet.identity.store.AccountIdsMigration;
import org.idnet.identity.vault.BlindIndex;
import org.idnet.identity.vault.FieldCipher;
import org.idnet.identity.vault.KeyProvider;
import org.idnet.identity.vault.KeysetFileKeyProvider;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Real PostgreSQL databases for tests, migrated with the production Flyway scripts. */
public final class TestDatabase {

  private TestDatabase() {
  }

  /** A fresh database of the shared test server, with the production schema. */
  public static HikariDataSource migrated(String prefix) {
    HikariDataSource dataSource = empty(prefix);
    // The Java migrations need the vault's keys only to convert existing rows: none here.
    flyway(dataSource, throwawayKeys()).load().migrate();
    return dataSource;
  }

  /** A fresh database of the shared test server, without any schema. */
  public static HikariDataSource empty(String prefix) {
    LocalPostgres postgres = TestStores.postgres();
    return pool(TestStores.newDatabase(prefix), postgres.user(), postgres.password());
  }

  /** Flyway as the service configures it: the SQL scripts and the Java migrations, with these keys. */
  public static FluentConfiguration flyway(DataSource dataSource, KeyProvider keys) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
        .javaMigrations(new AccountIdsMigration(new BlindIndex(keys), new FieldCipher(keys)));
  }

  private static KeyProvider throwawayKeys() {
    try {
      return new KeysetFileKeyProvider(Files.createTempDirectory("migration-keys"), true);
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
   * as hex): what someone holding a dump of the database would read.
   */
  public static String dump(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
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

  private static HikariDataSource pool(String url, String user, String password) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(url);
    dataSource.setUsername(user);
    dataSource.setPassword(password);
    dataSource.setMaximumPoolSize(8);
    dataSource.setConnectionTimeout(2000);
    return dataSource;
  }
}
