package org.idnet.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventStore;
import org.idnet.identity.domain.NumberEventType;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Number events in PostgreSQL. The number is matched by its blind index under every key of the
 * keyset, so bindings indexed before a key rotation are revoked too, and a repeated event is
 * recognized whichever key was primary when it first arrived. The rows are the audit of what
 * carriers reported (which carrier, what, when, with what effect): append-only since V6. Each ended
 * binding writes binding.revoked and account.verification_changed to the outbox in the same transaction.
 * A binding ends when the event occurred after its proof: an imported binding's proof is the
 * platform's verification (V11), older than the import, so a late report still ends it.
 */
public final class JdbcNumberEventStore implements NumberEventStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final BlindIndex blindIndex;
  private final AccountIds accountIds;

  /** @param cipher opens the ids of the accounts whose bindings ended, to invalidate their cached answers */
  public JdbcNumberEventStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      BlindIndex blindIndex, FieldCipher cipher) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.blindIndex = blindIndex;
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public List<AccountRef> record(NumberEvent event, Instant now) {
    byte[][] indexes = blindIndex.candidates(JdbcPhoneBindingStore.PHONE, event.phone().e164()).toArray(byte[][]::new);
    try {
      return StoreErrors.translate(() -> transactions.execute(status -> recordOnce(event, indexes, now)));
    } catch (DuplicateKeyException e) {
      // The same event arrived in parallel and the other transaction recorded it: nothing to do.
      return List.of();
    }
  }

  private List<AccountRef> recordOnce(NumberEvent event, byte[][] indexes, Instant now) {
    // First: no import batch binding this number is in flight once this holds (NumberLocks).
    NumberLocks.exclusive(jdbc, indexes[0]);
    boolean seen = jdbc.sql("""
            SELECT EXISTS (SELECT 1 FROM number_events
                           WHERE phone_blind_index = ANY (?) AND type = ? AND occurred_at = ?)""")
        .param(indexes).param(event.type().name()).param(AccountRows.utc(event.occurredAt()))
        .query(Boolean.class).single();
    if (seen) {
      return List.of();
    }
    record Revoked(UUID row, AccountRef account) {
    }
    String reason = event.type().revokesBindings() ? reason(event.type()) : null;
    List<Revoked> revoked = reason != null
        ? jdbc.sql("""
                UPDATE phone_bindings b SET revoked_at = ?, revoke_reason = ?
                FROM accounts a
                WHERE a.id = b.account AND b.phone_blind_index = ANY (?) AND b.revoked_at IS NULL
                  AND coalesce(b.platform_verified_at, b.bound_at) < ?
                RETURNING a.id, a.platform_id, a.account_id_ciphertext""")
            .param(AccountRows.utc(now))
            .param(reason)
            .param(indexes)
            .param(AccountRows.utc(event.occurredAt()))
            .query((rs, n) -> new Revoked(rs.getObject("id", UUID.class), accountIds.decrypt(rs.getString("platform_id"),
                rs.getBytes("account_id_ciphertext"), rs.getObject("id", UUID.class))))
            .list()
        : List.of();
    // Each account whose binding ended learns why, and its standing (a real name may still hold it up).
    for (Revoked r : revoked) {
      OutboxRows.add(jdbc, r.row(), EventType.BINDING_REVOKED, reason, now);
      OutboxRows.add(jdbc, r.row(), EventType.VERIFICATION_CHANGED, now);
    }
    jdbc.sql("""
            INSERT INTO number_events (id, phone_blind_index, type, occurred_at, received_at, revoked_bindings,
                                       carrier_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .param(UUID.randomUUID())
        .param(indexes[0])
        .param(event.type().name())
        .param(AccountRows.utc(event.occurredAt()))
        .param(AccountRows.utc(now))
        .param(revoked.size())
        .param(event.carrierId())
        .update();
    return revoked.stream().map(Revoked::account).toList();
  }

  /** The revocation reasons V1 foresaw for carrier events. */
  private static String reason(NumberEventType type) {
    return switch (type) {
      case DISCONNECTED -> "number-disconnected";
      case REASSIGNED -> "number-reassigned";
      case PORTED -> throw new IllegalArgumentException("a ported number keeps its bindings");
    };
  }
}
