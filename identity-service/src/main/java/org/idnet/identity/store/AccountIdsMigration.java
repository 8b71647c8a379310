package org.idnet.identity.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.idnet.identity.vault.BlindIndex;
import org.idnet.identity.vault.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 5: accounts are named by a blind index and an encrypted id instead of the plain
 * account id ({@link AccountIds}). A Java migration because the new values need the vault's keys,
 * which never reach PostgreSQL; it runs in Flyway's transaction, so either every row is converted
 * and the plain column is gone, or nothing changed. It reads no other migration's tables, so it
 * applies the same before or after the other versions of the same release.
 */
public final class AccountIdsMigration implements JavaMigration {

  /** The schema version; the only place it is written. */
  static final String VERSION = "5";
  private static final Logger log = LoggerFactory.getLogger(AccountIdsMigration.class);
  private static final int BATCH = 1000;

  private final AccountIds ids;

  public AccountIdsMigration(BlindIndex blindIndex, FieldCipher cipher) {
    this.ids = new AccountIds(blindIndex, cipher);
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(VERSION);
  }

  @Override
  public String getDescription() {
    return "accounts by blind index";
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
          ALTER TABLE accounts ADD COLUMN account_blind_index bytea, ADD COLUMN account_id_ciphertext bytea""");
    }
    int converted = convert(connection);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("""
          ALTER TABLE accounts
            ALTER COLUMN account_blind_index SET NOT NULL,
            ALTER COLUMN account_id_ciphertext SET NOT NULL,
            ADD CONSTRAINT accounts_account_blind_index_length CHECK (octet_length(account_blind_index) >= 16),
            DROP CONSTRAINT accounts_platform_account_key,
            DROP COLUMN account_id,
            -- Also the hot path's index: LookupAccounts matches up to 500 indexes of one platform.
            ADD CONSTRAINT accounts_platform_blind_index_key UNIQUE (platform_id, account_blind_index)""");
      ddl.execute("""
          COMMENT ON COLUMN accounts.account_blind_index IS
            'HMAC of ''account|<platform_id>|<account id>'' under the blind-index key; the account id is never stored in plain'""");
      ddl.execute("""
          COMMENT ON COLUMN accounts.account_id_ciphertext IS
            'Tink AEAD ciphertext of the account id; associated data ''accounts|account_id_ciphertext|<id>'''""");
    }
    log.info("accounts converted to blind indexes: {}", converted);
  }

  private int convert(Connection connection) throws Exception {
    int count = 0;
    try (PreparedStatement select = connection.prepareStatement("SELECT id, platform_id, account_id FROM accounts");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE accounts SET account_blind_index = ?, account_id_ciphertext = ? WHERE id = ?")) {
      // Flyway's transaction keeps auto-commit off, so the rows stream in pages rather than all at once.
      select.setFetchSize(BATCH);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID id = rows.getObject("id", UUID.class);
          String accountId = rows.getString("account_id");
          update.setBytes(1, ids.index(rows.getString("platform_id"), accountId));
          update.setBytes(2, ids.encrypt(accountId, id));
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
