package org.idnet.disclosure.reports.store;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.idnet.disclosure.reports.domain.TransparencyCount;
import org.idnet.disclosure.reports.domain.TransparencyDecisionTime;
import org.idnet.disclosure.reports.domain.TransparencyStore;
import org.idnet.disclosure.requests.domain.DisclosureStatus;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts computed by PostgreSQL: no request row ever leaves the database for the report. */
public final class JdbcTransparencyStore implements TransparencyStore {

  private final JdbcClient jdbc;

  public JdbcTransparencyStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * Each request's outcome is its status at {@code to}, read from its audit entries (every state
   * change appends one in the same transaction): the latest state change before {@code to}. A
   * window that has ended therefore always reports the same counts, however often it is asked.
   */
  @Override
  public List<TransparencyCount> counts(Instant from, Instant to, Instant now) {
    return jdbc.sql("""
            SELECT r.agency_id, r.legal_basis, o.outcome, count(*) AS n
            FROM disclosure_requests r
            LEFT JOIN LATERAL (
              SELECT a.type FROM audit_entries a
              WHERE a.request_id = r.id AND a.at < :to AND a.type LIKE 'REQUEST\\_%'
              ORDER BY a.seq DESC LIMIT 1) s ON true
            CROSS JOIN LATERAL (
              SELECT CASE coalesce(s.type, 'REQUEST_CREATED') WHEN 'REQUEST_CREATED' THEN 'AWAITING_APPROVAL'
                ELSE substr(s.type, 9) END AS outcome) o
            WHERE (CAST(:from AS timestamptz) IS NULL OR r.created_at >= :from) AND r.created_at < :to
              AND (r.confidential_until IS NULL OR r.confidential_until <= :now)
            GROUP BY r.agency_id, r.legal_basis, o.outcome
            ORDER BY r.agency_id, r.legal_basis, o.outcome""")
        .param("from", Sql.ts(from))
        .param("to", Sql.ts(to))
        .param("now", Sql.ts(now))
        .query((rs, row) -> new TransparencyCount(rs.getString("agency_id"), rs.getString("legal_basis"),
            DisclosureStatus.valueOf(rs.getString("outcome")), rs.getLong("n")))
        .list();
  }

  /**
   * The decision is the approval or rejection ({@code decided_at}, set by those two transitions
   * only). Each request belongs to the month (UTC) it was created in; it counts for that month when
   * it was decided before the month's end and its confidentiality (if any) had ended by then, so a
   * month's set is fixed once the month ended (a request still confidential at its month's end is in
   * no median; the counts include it once its date passed). PostgreSQL computes the median
   * ({@code percentile_cont(0.5)}: the mean of the two middle values for an even count) and
   * withholds it below {@link #MEDIAN_MINIMUM} decisions.
   */
  @Override
  public List<TransparencyDecisionTime> decisionTimes(Instant monthsFrom, Instant monthsTo) {
    return jdbc.sql("""
            SELECT to_char(month, 'YYYY-MM') AS month, agency_id, decided,
              CASE WHEN decided >= :minimum THEN median END AS median
            FROM (
              SELECT m.month, r.agency_id, count(*) AS decided,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.decided_at - r.created_at)) AS median
              FROM disclosure_requests r
              CROSS JOIN LATERAL (
                SELECT date_trunc('month', r.created_at AT TIME ZONE 'UTC') AS month) m
              CROSS JOIN LATERAL (
                SELECT (m.month + interval '1 month') AT TIME ZONE 'UTC' AS month_end) e
              WHERE (CAST(:from AS timestamptz) IS NULL OR r.created_at >= :from) AND r.created_at < :to
                AND r.decided_at IS NOT NULL AND r.decided_at < e.month_end
                AND (r.confidential_until IS NULL OR r.confidential_until <= e.month_end)
              GROUP BY m.month, r.agency_id) d
            ORDER BY month, agency_id""")
        .param("from", Sql.ts(monthsFrom))
        .param("to", Sql.ts(monthsTo))
        .param("minimum", MEDIAN_MINIMUM)
        .query((rs, row) -> {
          double median = rs.getDouble("median");
          Optional<Duration> time = rs.wasNull() ? Optional.empty()
              : Optional.of(Duration.ofMinutes((long) Math.floor(median / 60)));
          return new TransparencyDecisionTime(YearMonth.parse(rs.getString("month")), rs.getString("agency_id"),
              rs.getLong("decided"), time);
        })
        .list();
  }
}
