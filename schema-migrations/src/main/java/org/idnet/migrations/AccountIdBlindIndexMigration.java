package org.idnet.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.BiFunction;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data migration that names a table's rows by a keyed blind index and a ciphertext of the
 * account id instead of the plain {@code account_id}: adds {@code account_blind_index} and
 * {@code account_id_ciphertext}, fills them row by row from {@code (id, platform_id, account_id)},
 * then lets the table finish ({@link #finish}: constraints, indexes, comments, and dropping the
 * plain column). A Java migration because the values need the service's keys, which never reach
 * PostgreSQL; it runs in Flyway's transaction, so either every row is converted and the plain
 * column is gone, or nothing changed.
 */
public abstract class AccountIdBlindIndexMigration implements JavaMigration {

  private static final Logger log = LoggerFactory.getLogger(AccountIdBlindIndexMigration.class);
  private static final int BATCH = 1000;

  private final String version;
  private final String description;
  private final String table;
  private final BiFunction<String, String, byte[]> index;
  private final BiFunction<String, UUID, byte[]> encrypt;

  /**
   * @param table a table with a uuid {@code id}, {@code platform_id} and {@code account_id}
   * @param index the blind index of (platform id, account id)
   * @param encrypt the ciphertext of an account id, bound to its row's id
   */
  protected AccountIdBlindIndexMigration(String version, String description, String table,
      BiFunction<String, String, byte[]> index, BiFunction<String, UUID, byte[]> encrypt) {
    this.version = version;
    this.description = description;
    this.table = table;
    this.index = index;
    this.encrypt = encrypt;
  }

  /** Once every row holds both values: the table's constraints and comments; drop the plain column here. */
  protected abstract void finish(Statement ddl) throws SQLException;

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(version);
  }

  @Override
  public String getDescription() {
    return description;
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
  public final void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("ALTER TABLE " + table + " ADD COLUMN account_blind_index bytea, ADD COLUMN account_id_ciphertext bytea");
    }
    int converted = convert(connection);
    try (Statement ddl = connection.createStatement()) {
      finish(ddl);
    }
    log.info("{} converted to blind indexes: {}", table, converted);
  }

  private int convert(Connection connection) throws SQLException {
    int count = 0;
    try (PreparedStatement select = connection.prepareStatement("SELECT id, platform_id, account_id FROM " + table);
        PreparedStatement update = connection.prepareStatement(
            "UPDATE " + table + " SET account_blind_index = ?, account_id_ciphertext = ? WHERE id = ?")) {
      // Flyway's transaction keeps auto-commit off, so the rows stream in pages rather than all at once.
      select.setFetchSize(BATCH);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID id = rows.getObject("id", UUID.class);
          String accountId = rows.getString("account_id");
          update.setBytes(1, index.apply(rows.getString("platform_id"), accountId));
          update.setBytes(2, encrypt.apply(accountId, id));
          update.setObject(3, id);
          update.addBatch();
          if (++count % BATCH == 0) {
            update.executeBatch();
          }
        }
      }
      update.executeBatch();
    }
    return count;
  }
}
