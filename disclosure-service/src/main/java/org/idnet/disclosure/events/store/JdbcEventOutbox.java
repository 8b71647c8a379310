package org.idnet.disclosure.events.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.events.domain.EventOutbox;
import org.idnet.disclosure.events.domain.OutboxEvent;
import org.idnet.disclosure.reports.domain.Notice;
import org.idnet.disclosure.requests.domain.NoticeAnnouncements;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox in PostgreSQL (migration V11): a row names the request and the event's type and time,
 * nothing personal; what the event carries is read from the request when the dispatcher reads it,
 * the account id opened from the request's ciphertext as officials are shown it.
 *
 * <p>A request is announced once: both writers set {@code notice_announced_at} only where it is
 * null and insert the event only for a row they so changed, in one statement. The UPDATE takes the
 * request's row lock, so a second writer waits for the first to commit and then finds it set.
 */
public final class JdbcEventOutbox implements EventOutbox, NoticeAnnouncements {

  /**
   * Transaction-level advisory lock of the notice job, so that of several replicas one runs and
   * the others skip. An arbitrary number, reserved for this lock (the audit checkpoints' is 0x...0001).
   */
  static final long NOTICE_JOB_LOCK = 0x1d4e_7a0d_17c4_0002L;

  private final JdbcClient jdbc;
  private final TargetSealer targets;

  public JdbcEventOutbox(DataSource dataSource, TargetSealer targets) {
    this.jdbc = JdbcClient.create(dataSource);
    this.targets = targets;
  }

  @Override
  public boolean announce(UUID requestId, Instant at) {
    return jdbc.sql("""
            WITH announced AS (
              UPDATE disclosure_requests SET notice_announced_at = :at
              WHERE id = :id AND status = 'DISCLOSED' AND notice_announced_at IS NULL
              RETURNING id)
            INSERT INTO event_outbox (event_id, request_id, type, occurred_at)
            SELECT gen_random_uuid(), id, :type, :at FROM announced""")
        .param("at", Sql.ts(at))
        .param("id", requestId)
        .param("type", OutboxEvent.NOTICE_AVAILABLE)
        .update() == 1;
  }

  @Override
  public int announceDue(Instant now, int limit) {
    // Held until commit; SKIP LOCKED also passes over a request a release holds at this moment.
    boolean ours = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(NOTICE_JOB_LOCK).query(Boolean.class)
        .single();
    if (!ours) {
      return 0;
    }
    return jdbc.sql("""
            WITH due AS (
              SELECT id FROM disclosure_requests
              WHERE status = 'DISCLOSED' AND notice_announced_at IS NULL
                AND (confidential_until IS NULL OR confidential_until <= :now)
              ORDER BY confidential_until NULLS FIRST, id LIMIT :limit FOR UPDATE SKIP LOCKED),
            announced AS (
              UPDATE disclosure_requests r SET notice_announced_at = :now FROM due
              WHERE r.id = due.id AND r.notice_announced_at IS NULL
              RETURNING r.id, r.confidential_until)
            INSERT INTO event_outbox (event_id, request_id, type, occurred_at)
            SELECT gen_random_uuid(), id, :type, :now FROM announced ORDER BY confidential_until NULLS FIRST, id""")
        .param("now", Sql.ts(now))
        .param("limit", limit)
        .param("type", OutboxEvent.NOTICE_AVAILABLE)
        .update();
  }

  @Override
  public List<OutboxEvent> oldest(int limit) {
    return jdbc.sql("""
            SELECT o.position, o.event_id, o.type, o.occurred_at, r.id, r.platform_id, r.account_id_ciphertext,
                   r.agency_id, r.legal_basis, r.fields, r.disclosed_at
            FROM event_outbox o JOIN disclosure_requests r ON r.id = o.request_id
            ORDER BY o.position LIMIT ?""")
        .param(limit)
        .query((rs, row) -> {
          UUID requestId = rs.getObject("id", UUID.class);
          return new OutboxEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getString("type"),
              Sql.instant(rs, "occurred_at"), rs.getString("platform_id"),
              targets.open(rs.getBytes("account_id_ciphertext"), requestId),
              new Notice(rs.getString("agency_id"), rs.getString("legal_basis"), Sql.fields(rs, "fields"),
                  Sql.instant(rs, "disclosed_at")));
        })
        .list();
  }

  @Override
  public int acknowledge(List<Long> positions) {
    return jdbc.sql("DELETE FROM event_outbox WHERE position = ANY (?)")
        .param(positions.toArray(Long[]::new))
        .update();
  }
}
