package org.idnet.webhooks.delivery.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.idnet.webhooks.delivery.domain.EventIntake;
import org.idnet.webhooks.delivery.domain.OutboxEvent;
import org.idnet.webhooks.store.AccountOrderKey;
import org.idnet.webhooks.store.RowCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events and their deliveries in PostgreSQL. One reader per source at a time among all replicas
 * (a transaction-scoped advisory lock), so an outbox's events get their delivery ids in the order
 * the outbox wrote them, which is the order each account's deliveries go out in.
 */
public final class JdbcEventIntake implements EventIntake {

  static final String EVENTS = "events";
  static final String BODY = "body_ciphertext";
  /** pg_try_advisory_xact_lock(int, int): the readers' space; the key in it a hash of the source's name. */
  private static final int READER_LOCKS = 7003;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RowCipher cipher;
  private final AccountOrderKey accountOrder;
  private final Duration keepForDisabled;

  /**
   * @param keepForDisabled how long an endpoint that was disabled still gets deliveries queued (sent
   *     if it is enabled again in time): the retention of finished deliveries
   */
  public JdbcEventIntake(DataSource dataSource, PlatformTransactionManager transactionManager, RowCipher cipher,
      AccountOrderKey accountOrder, Duration keepForDisabled) {
    this.keepForDisabled = keepForDisabled;
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.accountOrder = accountOrder;
  }

  @Override
  public <T> Optional<T> exclusively(String source, Supplier<T> work) {
    return transactions.execute(status -> {
      boolean mine = jdbc.sql("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")
          .param(READER_LOCKS).param(source).query(Boolean.class).single();
      return mine ? Optional.ofNullable(work.get()) : Optional.<T>empty();
    });
  }

  @Override
  public int store(String source, List<OutboxEvent> events, Instant now) {
    if (events.isEmpty()) {
      return 0;
    }
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    Map<String, List<Subscriber>> subscribers = new HashMap<>();
    int created = 0;
    for (OutboxEvent event : events) {
      List<Subscriber> wanting = subscribers.computeIfAbsent(event.platformId(), p -> subscribers(p, now)).stream()
          .filter(s -> s.types().contains(event.type())).toList();
      if (wanting.isEmpty()) {
        continue;
      }
      UUID id = UUID.fromString(event.eventId());
      int inserted = jdbc.sql("""
              INSERT INTO events (id, source, source_position, platform_id, type, body_ciphertext, received_at)
              VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
          .param(id).param(source).param(event.position()).param(event.platformId()).param(event.type())
          .param(cipher.encrypt(event.body(), EVENTS, BODY, RowCipher.row(id.toString(), event.platformId()))).param(at)
          .update();
      if (inserted == 0) {
        continue;
      }
      byte[] accountKey = accountOrder.of(event.platformId(), event.accountId());
      for (Subscriber subscriber : wanting) {
        created += jdbc.sql("""
                INSERT INTO deliveries (event_id, endpoint_id, account_key, state, attempts, next_attempt_at)
                VALUES (?, ?, ?, 'pending', 0, ?) ON CONFLICT (event_id, endpoint_id) DO NOTHING""")
            .param(id).param(subscriber.endpointId()).param(accountKey).param(at)
            .update();
      }
    }
    return created;
  }

  /** The platform's endpoints, but those disabled for longer than deliveries are kept for them. */
  private List<Subscriber> subscribers(String platformId, Instant now) {
    return new ArrayList<>(jdbc.sql("""
            SELECT id, event_types FROM endpoints
            WHERE platform_id = ? AND (disabled_at IS NULL OR disabled_at > ?) ORDER BY id""")
        .param(platformId).param(now.minus(keepForDisabled).atOffset(ZoneOffset.UTC))
        .query((rs, n) -> new Subscriber(rs.getString("id"), List.of((String[]) rs.getArray("event_types").getArray())))
        .list());
  }

  private record Subscriber(String endpointId, List<String> types) {
  }
}
