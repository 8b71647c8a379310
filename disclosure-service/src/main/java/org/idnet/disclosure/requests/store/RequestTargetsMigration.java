package org.idnet.disclosure.requests.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 7: a request's target account is kept as a blind index and a ciphertext instead of
 * the plain account id ({@link TargetSealer}). A Java migration because the new values need the
 * service's keys, which never reach PostgreSQL; it runs in Flyway's transaction, so either every
 * request is converted and the plain column is gone, or nothing changed. It touches only
 * disclosure_requests' target columns, so it applies the same before or after version 6. The
 * audit log holds no account ids and is not touched: its chain and checkpoints stay valid.
 */
public final class RequestTargetsMigration implements JavaMigration {

  /** The schema version; the only place it is written. */
  static final String VERSION = "7";
  private static final Logger log = LoggerFactory.getLogger(RequestTargetsMigration.class);
  private static final int BATCH = 1000;

  private final TargetSealer targets;

  public RequestTargetsMigration(TargetSealer targets) {
    this.targets = targets;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(VERSION);
  }

  @Override
  public String getDescription() {
    return "request targets by blind index";
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
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("""
          ALTER TABLE disclosure_requests ADD COLUMN account_blind_index bytea, ADD COLUMN account_id_ciphertext bytea""");
    }
    int converted = convert(connection);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP INDEX disclosure_requests_disclosed_account");
      ddl.execute("""
          ALTER TABLE disclosure_requests
            ALTER COLUMN account_blind_index SET NOT NULL,
            ALTER COLUMN account_id_ciphertext SET NOT NULL,
            ADD CONSTRAINT disclosure_requests_account_blind_index_length CHECK (octet_length(account_blind_index) >= 16),
            DROP COLUMN account_id""");
      // Notices: one account's disclosures.
      ddl.execute("""
          CREATE INDEX disclosure_requests_disclosed_account ON disclosure_requests (platform_id, account_blind_index)
            WHERE status = 'DISCLOSED'""");
      ddl.execute("""
          COMMENT ON COLUMN disclosure_requests.account_blind_index IS
            'HMAC of ''account|<platform_id>|<account id>'' under the account-index key; never the id in plain'""");
      ddl.execute("""
          COMMENT ON COLUMN disclosure_requests.account_id_ciphertext IS
            'Tink AEAD ciphertext of the target account id; associated data ''disclosure_requests|account_id_ciphertext|<id>'''""");
    }
    log.info("disclosure requests converted to blind indexes: {}", converted);
  }

  private int convert(Connection connection) throws Exception {
    int count = 0;
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT id, platform_id, account_id FROM disclosure_requests");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE disclosure_requests SET account_blind_index = ?, account_id_ciphertext = ? WHERE id = ?")) {
      // Flyway's transaction keeps auto-commit off, so the rows stream in pages rather than all at once.
      select.setFetchSize(BATCH);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID id = rows.getObject("id", UUID.class);
          String accountId = rows.getString("account_id");
          update.setBytes(1, targets.index(rows.getString("platform_id"), accountId));
          update.setBytes(2, targets.seal(accountId, id));
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
