package org.idnet.identity.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStore;
import org.idnet.identity.domain.EventType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closing accounts: their phone binding is revoked and their person link ended, both with the
 * reason {@code account-closed}, under the account's row lock. Rows are never deleted: the history
 * answers lawful requests about the past, and the account reads REVOKED. A close that ended bindings
 * writes account.closed to the outbox in its transaction; closing again announces nothing.
 */
public final class JdbcAccountStore implements AccountStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final AccountIds accountIds;

  public JdbcAccountStore(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public boolean close(AccountRef account, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return StoreErrors.translate(() -> transactions.execute(status -> {
      // An account never seen stays unseen: closing it creates no row.
      Optional<UUID> id = AccountRows.lockExisting(jdbc, accountIds, account);
      if (id.isEmpty()) {
        return false;
      }
      int phones = jdbc.sql("""
              UPDATE phone_bindings SET revoked_at = ?, revoke_reason = 'account-closed'
              WHERE account = ? AND revoked_at IS NULL""")
          .param(AccountRows.utc(at)).param(id.get()).update();
      int persons = jdbc.sql("""
              UPDATE person_bindings SET ended_at = ?, end_reason = 'account-closed'
              WHERE account = ? AND ended_at IS NULL""")
          .param(AccountRows.utc(at)).param(id.get()).update();
      boolean ended = phones + persons > 0;
      if (ended) {
        OutboxRows.add(jdbc, id.get(), EventType.ACCOUNT_CLOSED, at);
      }
      return ended;
    }));
  }
}
