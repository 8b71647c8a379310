package org.idnet.webhooks.delivery.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.webhooks.delivery.domain.ClaimedDelivery;
import org.idnet.webhooks.delivery.domain.DeliveryQueue;
import org.idnet.webhooks.endpoints.domain.SigningSecret;
import org.idnet.webhooks.store.RowCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deliveries in PostgreSQL. Claims of all replicas take turns on one transaction-scoped advisory
 * lock (a claim is one short statement), so each endpoint's in-flight limit holds across replicas
 * exactly; the rows themselves are leased ({@code lease_until}: the endpoint's timeout and a
 * margin), and a dispatcher that dies mid-delivery leaves its lease to expire, after which the delivery is claimed again with the same
 * event id (receivers de-duplicate on it). Of each account's deliveries to an endpoint only the
 * oldest pending one can be claimed: events arrive in the order they happened.
 */
public final class JdbcDeliveryQueue implements DeliveryQueue {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcDeliveryQueue.class);
  private static final long CLAIM_LOCK = 7002;
  /** How many due deliveries a claim looks at before applying the per-endpoint limits. */
  private static final int SCAN_FACTOR = 4;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RowCipher cipher;

  public JdbcDeliveryQueue(DataSource dataSource, PlatformTransactionManager transactionManager, RowCipher cipher) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
  }

  @Override
  public List<ClaimedDelivery> claim(int max, Duration leaseMargin, Instant now) {
    OffsetDateTime at = utc(now);
    List<Row> rows = transactions.execute(status -> {
      jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CLAIM_LOCK).query((rs, n) -> 1).list();
      return jdbc.sql("""
              WITH due AS (
                SELECT d.id, d.endpoint_id, d.next_attempt_at, e.max_in_flight
                FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= :now
                  AND (d.lease_until IS NULL OR d.lease_until <= :now)
                  AND e.disabled_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM deliveries p
                                  WHERE p.endpoint_id = d.endpoint_id AND p.account_key = d.account_key
                                    AND p.state = 'pending' AND p.id < d.id)
                ORDER BY d.next_attempt_at, d.id
                LIMIT :scan),
              ranked AS (
                SELECT id, max_in_flight,
                       row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, id) AS rank,
                       (SELECT count(*) FROM deliveries f
                        WHERE f.endpoint_id = due.endpoint_id AND f.state = 'pending' AND f.lease_until > :now)
                         AS in_flight
                FROM due),
              chosen AS (
                SELECT id FROM ranked WHERE rank <= max_in_flight - in_flight ORDER BY id LIMIT :max)
              UPDATE deliveries d SET lease_until = CAST(:now AS timestamptz)
                                      + make_interval(secs => e.timeout_seconds + :margin),
                                    attempts = d.attempts + 1
              FROM chosen c, events ev, endpoints e
              WHERE d.id = c.id AND ev.id = d.event_id AND e.id = d.endpoint_id
              RETURNING d.id, d.attempts, ev.id AS event_id, ev.type, ev.body_ciphertext, e.id AS endpoint_id, e.url,
                        e.timeout_seconds, e.secret_ciphertext, e.previous_secret_ciphertext, e.previous_secret_until""")
          .param("now", at).param("scan", max * SCAN_FACTOR).param("max", max)
          .param("margin", leaseMargin.toMillis() / 1000.0)
          .query(JdbcDeliveryQueue::row).list();
    });
    List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        claimed.add(open(row, now));
      } catch (IllegalStateException e) {
        // Altered or moved ciphertext: never sent, never blocking the others; an operator's matter.
        log.error("delivery {} (endpoint {}) given up: its stored event or secret does not decrypt", row.id(),
            row.endpointId());
        jdbc.sql("""
                UPDATE deliveries SET state = 'given-up', finished_at = ?, lease_until = NULL,
                                      last_error = 'stored event or secret does not decrypt'
                WHERE id = ? AND state = 'pending'""")
            .param(utc(now)).param(row.id()).update();
      }
    }
    return claimed;
  }

  private ClaimedDelivery open(Row row, Instant now) {
    String eventId = row.eventId();
    List<SigningSecret> secrets = new ArrayList<>(2);
    secrets.add(SigningSecret.of(cipher.decrypt(row.secret(), "endpoints", "secret_ciphertext", row.endpointId())));
    if (row.previousSecret() != null && row.previousUntil().toInstant().isAfter(now)) {
      secrets.add(SigningSecret.of(cipher.decrypt(row.previousSecret(), "endpoints", "previous_secret_ciphertext",
          row.endpointId())));
    }
    byte[] body = cipher.decrypt(row.body(), JdbcEventIntake.EVENTS, JdbcEventIntake.BODY, eventId);
    return new ClaimedDelivery(row.id(), eventId, row.type(), body, row.endpointId(), row.url(),
        row.timeoutSeconds(), secrets, row.attempts());
  }

  @Override
  public void delivered(long id, int status, Instant now) {
    jdbc.sql("""
            UPDATE deliveries SET state = 'delivered', finished_at = ?, lease_until = NULL, last_status = ?,
                                  last_error = NULL
            WHERE id = ? AND state = 'pending'""")
        .param(utc(now)).param(status).param(id).update();
  }

  @Override
  public void retry(long id, int status, String error, Instant retryAt) {
    jdbc.sql("""
            UPDATE deliveries SET next_attempt_at = ?, lease_until = NULL, last_status = ?, last_error = ?
            WHERE id = ? AND state = 'pending'""")
        .param(utc(retryAt)).param(status == 0 ? null : status).param(limit(error)).param(id).update();
  }

  @Override
  public void giveUp(long id, int status, String error, String reason, Instant now) {
    transactions.executeWithoutResult(tx -> {
      jdbc.sql("""
              UPDATE deliveries SET state = 'given-up', finished_at = ?, lease_until = NULL, last_status = ?,
                                    last_error = ?
              WHERE id = ? AND state = 'pending'""")
          .param(utc(now)).param(status == 0 ? null : status).param(limit(error)).param(id).update();
      jdbc.sql("""
              UPDATE endpoints SET disabled_at = ?, disabled_reason = ?
              WHERE id = (SELECT endpoint_id FROM deliveries WHERE id = ?) AND disabled_at IS NULL""")
          .param(utc(now)).param(limit(reason)).param(id).update();
    });
  }

  @Override
  public int purge(Instant before) {
    return transactions.execute(status -> {
      int deliveries = jdbc.sql("DELETE FROM deliveries WHERE state <> 'pending' AND finished_at < ?")
          .param(utc(before)).update();
      jdbc.sql("""
              DELETE FROM events ev WHERE ev.received_at < ?
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ev.id)""")
          .param(utc(before)).update();
      return deliveries;
    });
  }

  private static String limit(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getLong("id"), rs.getInt("attempts"), rs.getObject("event_id").toString(), rs.getString("type"),
        rs.getBytes("body_ciphertext"), rs.getString("endpoint_id"), rs.getString("url"), rs.getInt("timeout_seconds"),
        rs.getBytes("secret_ciphertext"), rs.getBytes("previous_secret_ciphertext"),
        rs.getObject("previous_secret_until", OffsetDateTime.class));
  }

  private record Row(long id, int attempts, String eventId, String type, byte[] body, String endpointId, String url,
      int timeoutSeconds, byte[] secret, byte[] previousSecret, OffsetDateTime previousUntil) {
  }
}
