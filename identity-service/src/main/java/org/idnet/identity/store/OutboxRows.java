package org.idnet.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.idnet.identity.domain.EventType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Adds an event to the outbox ({@code V10__event_outbox.sql}). Every store calls it inside the
 * transaction of the change it announces, so the event commits or rolls back with the change.
 */
final class OutboxRows {

  private OutboxRows() {
  }

  static void add(JdbcClient jdbc, UUID account, EventType type, Instant at) {
    add(jdbc, account, type, null, at);
  }

  /** @param reason only for {@link EventType#BINDING_REVOKED} (the table refuses it elsewhere) */
  static void add(JdbcClient jdbc, UUID account, EventType type, String reason, Instant at) {
    jdbc.sql("INSERT INTO event_outbox (event_id, account, type, reason, occurred_at) VALUES (?, ?, ?, ?, ?)")
        .param(UUID.randomUUID())
        .param(account)
        .param(type.code())
        .param(reason)
        .param(AccountRows.utc(at))
        .update();
  }

  /** One event of {@code type} for each of {@code accounts} (row ids), in that order, in one statement. */
  static void addAll(JdbcClient jdbc, List<String> accounts, EventType type, Instant at) {
    jdbc.sql("""
            INSERT INTO event_outbox (event_id, account, type, occurred_at)
            SELECT gen_random_uuid(), a.account::uuid, ?, ? FROM unnest(?::text[]) WITH ORDINALITY AS a(account, n)
            ORDER BY a.n""")
        .param(type.code())
        .param(AccountRows.utc(at))
        .param(accounts.toArray(String[]::new))
        .update();
  }
}
