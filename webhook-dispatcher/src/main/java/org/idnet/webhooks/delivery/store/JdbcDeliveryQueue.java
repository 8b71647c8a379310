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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deliveries in PostgreSQL. Claims of all replicas take turns on one transaction-scoped advisory
 * lock (a claim is one short statement), so the in-flight limits hold across replicas exactly:
 * each endpoint's ({@code max_in_flight}) and each platform's over all its endpoints, so that no
 * platform's slow receivers take every sending thread. Every endpoint with room gets its own due
 * deliveries considered (oldest first), so one busy endpoint never hides the others'. Of each
 * account's deliveries to an endpoint only the oldest pending one can be claimed: events go out
 * in the order they were stored.
 *
 * <p>A claim leases the row ({@code lease_until}: the endpoint's timeout and a margin) and counts
 * the attempt; the attempt number is the lease's fencing token: an outcome is recorded only by the
 * holder of the current attempt, so a replica that overran its lease (a pause, a store outage)
 * cannot overwrite what the next holder does. A dispatcher that dies mid-delivery leaves its lease
 * to expire; the delivery is then claimed again with the same event id (receivers de-duplicate on it).
 */
public final class JdbcDeliveryQueue implements DeliveryQueue {

  private static final Logger log = LoggerFactory.getLogger(JdbcDeliveryQueue.class);
  /** pg_advisory_xact_lock(int, int): this class's space, and the claim's key in it. */
  private static final int LOCKS = 7002;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RowCipher cipher;
  private final int platformMaxInFlight;

  /** @param platformMaxInFlight deliveries in flight at once for one platform, over all its endpoints */
  public JdbcDeliveryQueue(DataSource dataSource, PlatformTransactionManager transactionManager, RowCipher cipher,
      int platformMaxInFlight) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.platformMaxInFlight = platformMaxInFlight;
  }

  @Override
  public List<ClaimedDelivery> claim(int max, Duration leaseMargin, Instant now) {
    OffsetDateTime at = utc(now);
    List<Row> rows = transactions.execute(status -> {
      jdbc.sql("SELECT pg_advisory_xact_lock(?, 0)").param(LOCKS).query((rs, n) -> 1).list();
      return jdbc.sql("""
              WITH in_flight AS (
                SELECT endpoint_id, count(*) AS n FROM deliveries
                WHERE state = 'pending' AND lease_until > :now GROUP BY endpoint_id),
              capacity AS (
                SELECT e.id, e.platform_id, e.max_in_flight - coalesce(f.n, 0) AS free
                FROM endpoints e LEFT JOIN in_flight f ON f.endpoint_id = e.id
                WHERE e.disabled_at IS NULL),
              platform_capacity AS (
                SELECT e.platform_id, :platformMax - coalesce(sum(f.n), 0) AS free
                FROM endpoints e LEFT JOIN in_flight f ON f.endpoint_id = e.id GROUP BY e.platform_id),
              candidates AS (
                SELECT d.id, d.next_attempt_at, c.platform_id
                FROM capacity c CROSS JOIN LATERAL (
                  SELECT d.id, d.next_attempt_at FROM deliveries d
                  WHERE d.endpoint_id = c.id AND d.state = 'pending' AND d.next_attempt_at <= :now
                    AND (d.lease_until IS NULL OR d.lease_until <= :now)
                    AND NOT EXISTS (SELECT 1 FROM deliveries p
                                    WHERE p.endpoint_id = d.endpoint_id AND p.account_key = d.account_key
                                      AND p.state = 'pending' AND p.id < d.id)
                  ORDER BY d.next_attempt_at, d.id
                  LIMIT c.free) d
                WHERE c.free > 0),
              ranked AS (
                SELECT c.id, c.next_attempt_at, p.free,
                       row_number() OVER (PARTITION BY c.platform_id ORDER BY c.next_attempt_at, c.id) AS rank
                FROM candidates c JOIN platform_capacity p ON p.platform_id = c.platform_id),
              chosen AS (
                SELECT id FROM ranked WHERE rank <= free ORDER BY next_attempt_at, id LIMIT :max)
              UPDATE deliveries d SET lease_until = CAST(:now AS timestamptz)
                                      + make_interval(secs => e.timeout_seconds + :margin),
                                    attempts = d.attempts + 1
              FROM chosen c, events ev, endpoints e
              WHERE d.id = c.id AND ev.id = d.event_id AND e.id = d.endpoint_id
                AND ev.platform_id = e.platform_id
                AND d.state = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= :now)
              RETURNING d.id, d.attempts, ev.id AS event_id, ev.type, ev.body_ciphertext, e.id AS endpoint_id,
                        e.platform_id, e.url, e.timeout_seconds, e.secret_ciphertext, e.previous_secret_ciphertext,
                        e.previous_secret_until""")
          .param("now", at).param("max", max).param("platformMax", platformMaxInFlight)
          .param("margin", leaseMargin.toMillis() / 1000.0)
          .query(JdbcDeliveryQueue::row).list();
    });
    List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        claimed.add(open(row, now));
      } catch (RuntimeException e) {
        // Altered or moved ciphertext: never sent, never blocking the others; an operator's matter.
        log.error("delivery {} (endpoint {}) given up: its stored event or secret does not decrypt", row.id(),
            row.endpointId());
        jdbc.sql("""
                UPDATE deliveries SET state = 'given-up', finished_at = ?, lease_until = NULL,
                                      last_error = 'stored event or secret does not decrypt'
                WHERE id = ? AND state = 'pending' AND attempts = ?""")
            .param(utc(now)).param(row.id()).param(row.attempts()).update();
      }
    }
    return claimed;
  }

  private ClaimedDelivery open(Row row, Instant now) {
    String eventId = row.eventId();
    List<SigningSecret> secrets = new ArrayList<>(2);
    secrets.add(SigningSecret.of(cipher.decrypt(row.secret(), "endpoints", "secret_ciphertext",
        RowCipher.row(row.endpointId(), row.platformId()))));
    if (row.previousSecret() != null && row.previousUntil().toInstant().isAfter(now)) {
      secrets.add(SigningSecret.of(cipher.decrypt(row.previousSecret(), "endpoints", "previous_secret_ciphertext",
          RowCipher.row(row.endpointId(), row.platformId()))));
    }
    byte[] body = cipher.decrypt(row.body(), JdbcEventIntake.EVENTS, JdbcEventIntake.BODY,
        RowCipher.row(eventId, row.platformId()));
    return new ClaimedDelivery(row.id(), eventId, row.type(), body, row.endpointId(), row.url(),
        row.timeoutSeconds(), secrets, row.attempts());
  }

  @Override
  public void delivered(long id, int attempt, int status, Instant now) {
    jdbc.sql("""
            UPDATE deliveries SET state = 'delivered', finished_at = ?, lease_until = NULL, last_status = ?,
                                  last_error = NULL
            WHERE id = ? AND state = 'pending' AND attempts = ?""")
        .param(utc(now)).param(status).param(id).param(attempt).update();
  }

  @Override
  public void retry(long id, int attempt, int status, String error, Instant retryAt) {
    jdbc.sql("""
            UPDATE deliveries SET next_attempt_at = ?, lease_until = NULL, last_status = ?, last_error = ?
            WHERE id = ? AND state = 'pending' AND attempts = ?""")
        .param(utc(retryAt)).param(status == 0 ? null : status).param(limit(error)).param(id).param(attempt).update();
  }

  @Override
  public void giveUp(long id, int attempt, int status, String error, String reason, Instant now) {
    transactions.executeWithoutResult(tx -> {
      int mine = jdbc.sql("""
              UPDATE deliveries SET state = 'given-up', finished_at = ?, lease_until = NULL, last_status = ?,
                                    last_error = ?
              WHERE id = ? AND state = 'pending' AND attempts = ?""")
          .param(utc(now)).param(status == 0 ? null : status).param(limit(error)).param(id).param(attempt).update();
      if (mine == 1) {
        jdbc.sql("""
                UPDATE endpoints SET disabled_at = ?, disabled_reason = ?
                WHERE id = (SELECT endpoint_id FROM deliveries WHERE id = ?) AND disabled_at IS NULL""")
            .param(utc(now)).param(limit(reason)).param(id).update();
      }
    });
  }

  /** Rows changed since the last ANALYZE beyond which the queue is analyzed again. */
  private static final long REANALYZE_AFTER = 1000;

  @Override
  public void keepStatisticsCurrent() {
    Long changed = jdbc.sql("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'deliveries'")
        .query(Long.class).optional().orElse(0L);
    if (changed > REANALYZE_AFTER) {
      jdbc.sql("ANALYZE deliveries, events").update();
    }
  }

  @Override
  public int purge(Instant before, Instant now) {
    return transactions.execute(status -> {
      // An endpoint disabled for longer than the retention gets nothing more: its backlog is given up.
      jdbc.sql("""
              UPDATE deliveries SET state = 'given-up', finished_at = ?, lease_until = NULL,
                                    last_error = 'endpoint disabled for longer than the retention'
              WHERE state = 'pending' AND endpoint_id IN (SELECT id FROM endpoints WHERE disabled_at < ?)""")
          .param(utc(now)).param(utc(before)).update();
      // A rotated-out secret is kept no longer than it signs.
      jdbc.sql("""
              UPDATE endpoints SET previous_secret_ciphertext = NULL, previous_secret_until = NULL
              WHERE previous_secret_until < ?""")
          .param(utc(now)).update();
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
        rs.getBytes("body_ciphertext"), rs.getString("endpoint_id"), rs.getString("platform_id"), rs.getString("url"),
        rs.getInt("timeout_seconds"), rs.getBytes("secret_ciphertext"), rs.getBytes("previous_secret_ciphertext"),
        rs.getObject("previous_secret_until", OffsetDateTime.class));
  }

  private record Row(long id, int attempts, String eventId, String type, byte[] body, String endpointId,
      String platformId, String url, int timeoutSeconds, byte[] secret, byte[] previousSecret,
      OffsetDateTime previousUntil) {
  }
}
