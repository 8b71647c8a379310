package org.idnet.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;

/** The shared data migration against real PostgreSQL, in Flyway's transaction as the services run it. */
class AccountIdBlindIndexMigrationTest {

  /** More rows than one batch, so the paging and the last partial batch both run. */
  private static final int ROWS = 2_345;

  @Test
  void migrateWhenRowsThenEveryRowIndexedAndEncryptedAndThePlainColumnGone() throws Exception {
    String url = TestStores.newDatabase("migrations");
    flyway(url, new Widgets(false)).migrate();

    try (Connection connection = connect(url); Statement sql = connection.createStatement()) {
      try (ResultSet rows = sql.executeQuery("SELECT id, platform_id, account_blind_index, account_id_ciphertext "
          + "FROM widgets")) {
        int count = 0;
        while (rows.next()) {
          UUID id = rows.getObject("id", UUID.class);
          String platform = rows.getString("platform_id");
          String account = new String(rows.getBytes("account_id_ciphertext"), StandardCharsets.UTF_8)
              .replace("sealed:" + id + ":", "");
          assertThat(rows.getBytes("account_blind_index")).isEqualTo(Widgets.indexOf(platform, account));
          assertThat(account).startsWith("user-");
          count++;
        }
        assertThat(count).isEqualTo(ROWS);
      }
      assertThat(columns(sql)).contains("account_blind_index", "account_id_ciphertext").doesNotContain("account_id");
    }
  }

  @Test
  void migrateWhenTheTableCannotFinishThenNothingChanged() throws Exception {
    String url = TestStores.newDatabase("migrations");

    assertThatThrownBy(() -> flyway(url, new Widgets(true)).migrate()).hasStackTraceContaining("no_such_column");

    try (Connection connection = connect(url); Statement sql = connection.createStatement()) {
      assertThat(columns(sql)).contains("account_id").doesNotContain("account_blind_index", "account_id_ciphertext");
    }
  }

  private static Flyway flyway(String url, Widgets widgets) {
    LocalPostgres postgres = TestStores.postgres();
    return Flyway.configure().dataSource(url, postgres.user(), postgres.password()).locations(new String[0])
        .javaMigrations(new CreateWidgets(), widgets).load();
  }

  private static Connection connect(String url) throws SQLException {
    LocalPostgres postgres = TestStores.postgres();
    return DriverManager.getConnection(url, postgres.user(), postgres.password());
  }

  private static List<String> columns(Statement sql) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = sql.executeQuery(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'widgets'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  /** Version 1: a table with plain account ids, as identity's accounts and disclosure's requests had. */
  static final class CreateWidgets implements JavaMigration {
    @Override
    public MigrationVersion getVersion() {
      return MigrationVersion.fromVersion("1");
    }

    @Override
    public String getDescription() {
      return "widgets";
    }

    @Override
    public Integer getChecksum() {
      return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
      return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
      try (Statement ddl = context.getConnection().createStatement()) {
        ddl.execute("CREATE TABLE widgets (id uuid PRIMARY KEY, platform_id text NOT NULL, account_id text NOT NULL)");
        ddl.execute("INSERT INTO widgets SELECT gen_random_uuid(), 'platform-' || (i % 3), 'user-' || i "
            + "FROM generate_series(1, " + ROWS + ") i");
      }
    }
  }

  /** Version 2 with stand-in keys: an index and a "ciphertext" a test can recompute. */
  static final class Widgets extends AccountIdBlindIndexMigration {
    private final boolean failToFinish;

    Widgets(boolean failToFinish) {
      super("2", "widgets by blind index", "widgets", Widgets::indexOf,
          (accountId, id) -> ("sealed:" + id + ":" + accountId).getBytes(StandardCharsets.UTF_8));
      this.failToFinish = failToFinish;
    }

    static byte[] indexOf(String platformId, String accountId) {
      return ("index:" + platformId + "|" + accountId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void finish(Statement ddl) throws SQLException {
      ddl.execute("ALTER TABLE widgets ALTER COLUMN account_blind_index SET NOT NULL, DROP COLUMN account_id");
      if (failToFinish) {
        ddl.execute("ALTER TABLE widgets DROP COLUMN no_such_column");
      }
    }
  }
}
