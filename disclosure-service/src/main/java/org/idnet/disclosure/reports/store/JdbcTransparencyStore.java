package org.idnet.disclosure.reports.store;

import java.time.Duration;
import java.time.Instant;
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
   * only); a request decided after {@code to} is not decided yet for this window. PostgreSQL
   * computes the median ({@code percentile_cont(0.5)}: the mean of the two middle values for an
   * even count) and withholds it below {@link #MEDIAN_MINIMUM} decisions.
   */
  @Override
  public List<TransparencyDecisionTime> decisionTimes(Instant from, Instant to, Instant now) {
    return jdbc.sql("""
            SELECT agency_id, decided, CASE WHEN decided >= :minimum THEN median END AS median
            FROM (
              SELECT r.agency_id, count(*) AS decided,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.decided_at - r.created_at)) AS median
              FROM disclosure_requests r
              WHERE (CAST(:from AS timestamptz) IS NULL OR r.created_at >= :from) AND r.created_at < :to
                AND (r.confidential_until IS NULL OR r.confidential_until <= :now)
                AND r.decided_at IS NOT NULL AND r.decided_at < :to
              GROUP BY r.agency_id) d
            ORDER BY agency_id""")
        .param("from", Sql.ts(from))
        .param("to", Sql.ts(to))
        .param("now", Sql.ts(now))
        .param("minimum", MEDIAN_MINIMUM)
        .query((rs, row) -> {
          double median = rs.getDouble("median");
          Optional<Duration> time = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds((long) median));
          return new TransparencyDecisionTime(rs.getString("agency_id"), rs.getLong("decided"), time);
        })
        .list();
  }
}
