package org.idnet.identity.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account row every binding hangs off, found by its blind index ({@link AccountIds}). Changes
 * to one account serialize on its row ({@code SELECT ... FOR UPDATE}), whichever store makes them.
 */
final class AccountRows {

  private AccountRows() {
  }

  /** Creates the account if it is new and locks its row until the transaction ends. */
  static UUID lock(JdbcClient jdbc, AccountIds ids, AccountRef account, Instant at) {
    // Found first under every key: after a blind-index key rotation an account indexed under the
    // old key must not get a second row under the new one.
    Optional<UUID> existing = lockExisting(jdbc, ids, account);
    if (existing.isPresent()) {
      return existing.get();
    }
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            INSERT INTO accounts (id, platform_id, account_blind_index, account_id_ciphertext, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (platform_id, account_blind_index) DO NOTHING""")
        .param(id)
        .param(account.platformId())
        .param(ids.index(account.platformId(), account.accountId()))
        .param(ids.encrypt(account.accountId(), id))
        .param(utc(at))
        .update();
    return lockExisting(jdbc, ids, account).orElseThrow();
  }

  /** Locks the account's row if the account exists; creates nothing. */
  static Optional<UUID> lockExisting(JdbcClient jdbc, AccountIds ids, AccountRef account) {
    return jdbc.sql("""
            SELECT id FROM accounts WHERE platform_id = ? AND account_blind_index = ANY (?)
            ORDER BY created_at LIMIT 1 FOR UPDATE""")
        .param(account.platformId())
        .param(ids.candidates(account))
        .query(UUID.class).optional();
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
