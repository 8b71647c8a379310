package org.idnet.disclosure.reports.store;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.disclosure.reports.domain.Notice;
import org.idnet.disclosure.reports.domain.NoticeStore;
import org.idnet.disclosure.requests.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Notices straight from the requests table: only the columns a notice may show are read. */
public final class JdbcNoticeStore implements NoticeStore {

  private final JdbcClient jdbc;

  public JdbcNoticeStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public List<Notice> noticesOf(String platformId, String accountId, Instant now) {
    return jdbc.sql("SELECT agency_id, legal_basis, fields, disclosed_at FROM disclosure_requests"
            + " WHERE platform_id = ? AND account_id = ? AND status = 'DISCLOSED'"
            + " AND (confidential_until IS NULL OR confidential_until <= ?) ORDER BY disclosed_at, id")
        .param(platformId)
        .param(accountId)
        .param(Sql.ts(now))
        .query((rs, row) -> new Notice(rs.getString("agency_id"), rs.getString("legal_basis"),
            Sql.fields(rs, "fields"), Sql.instant(rs, "disclosed_at")))
        .list();
  }
}
