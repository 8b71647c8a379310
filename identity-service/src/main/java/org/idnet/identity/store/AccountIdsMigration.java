package org.idnet.identity.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.idnet.migrations.AccountIdBlindIndexMigration;

/**
 * Schema version 5: accounts are named by a blind index and an encrypted id instead of the plain
 * account id ({@link AccountIds}), converted with the vault's keys in Flyway's transaction. It
 * reads no other migration's tables, so it applies the same before or after the other versions of
 * the same release.
 */
public final class AccountIdsMigration extends AccountIdBlindIndexMigration {

  /** The schema version; the only place it is written. */
  static final String VERSION = "5";

  public AccountIdsMigration(BlindIndex blindIndex, FieldCipher cipher) {
    this(new AccountIds(blindIndex, cipher));
  }

  private AccountIdsMigration(AccountIds ids) {
    super(VERSION, "accounts by blind index", "accounts", ids::index, ids::encrypt);
  }

  @Override
  protected void finish(Statement ddl) throws SQLException {
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
}
