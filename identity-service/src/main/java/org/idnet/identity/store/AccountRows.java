package org.idnet.identity.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account row every binding hangs off. Changes to one account serialize on its row
 * ({@code SELECT ... FOR UPDATE}), whichever store makes them.
 */
final class AccountRows {

  private AccountRows() {
  }

  /** Creates the account if it is new and locks its row until the transaction ends. */
  static UUID lock(JdbcClient jdbc, AccountRef account, Instant at) {
    jdbc.sql("""
            INSERT INTO accounts (id, platform_id, account_id, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (platform_id, account_id) DO NOTHING""")
        .param(UUID.randomUUID())
        .param(account.platformId())
        .param(account.accountId())
        .param(utc(at))
        .update();
    return lockExisting(jdbc, account).orElseThrow();
  }

  /** Locks the account's row if the account exists; creates nothing. */
  static Optional<UUID> lockExisting(JdbcClient jdbc, AccountRef account) {
    return jdbc.sql("SELECT id FROM accounts WHERE platform_id = ? AND account_id = ? FOR UPDATE")
        .param(account.platformId())
        .param(account.accountId())
        .query(UUID.class).optional();
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
