package org.idnet.disclosure.reports.store;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.disclosure.reports.domain.TransparencyCount;
import org.idnet.disclosure.reports.domain.TransparencyStore;
import org.idnet.disclosure.requests.domain.DisclosureStatus;
import org.idnet.disclosure.requests.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts computed by PostgreSQL: no request row ever leaves the database for the report. */
public final class JdbcTransparencyStore implements TransparencyStore {

  private final JdbcClient jdbc;

  public JdbcTransparencyStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public List<TransparencyCount> counts(Instant from, Instant to, Instant now) {
    return jdbc.sql("SELECT agency_id, legal_basis, status, count(*) AS n FROM disclosure_requests"
            + " WHERE (CAST(:from AS timestamptz) IS NULL OR created_at >= :from) AND created_at < :to"
            + " AND (confidential_until IS NULL OR confidential_until <= :now)"
            + " GROUP BY agency_id, legal_basis, status ORDER BY agency_id, legal_basis, status")
        .param("from", Sql.ts(from))
        .param("to", Sql.ts(to))
        .param("now", Sql.ts(now))
        .query((rs, row) -> new TransparencyCount(rs.getString("agency_id"), rs.getString("legal_basis"),
            DisclosureStatus.valueOf(rs.getString("status")), rs.getLong("n")))
        .list();
  }
}
