package org.idnet.disclosure.requests.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.idnet.migrations.AccountIdBlindIndexMigration;

/**
 * Schema version 7: a request's target account is kept as a blind index and a ciphertext instead of
 * the plain account id ({@link TargetSealer}), converted with the service's keys in Flyway's
 * transaction. It touches only disclosure_requests' target columns, so it applies the same before
 * or after version 6. The audit log holds no account ids and is not touched: its chain and
 * checkpoints stay valid.
 */
public final class RequestTargetsMigration extends AccountIdBlindIndexMigration {

  /** The schema version; the only place it is written. */
  static final String VERSION = "7";

  public RequestTargetsMigration(TargetSealer targets) {
    super(VERSION, "request targets by blind index", "disclosure_requests", targets::index, targets::seal);
  }

  @Override
  protected void finish(Statement ddl) throws SQLException {
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
}
