package org.idnet.disclosure.reports.store;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.disclosure.reports.domain.Notice;
import org.idnet.disclosure.reports.domain.NoticeStore;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Notices straight from the requests table, the account found by its blind index: only the columns
 * a notice may show are read.
 */
public final class JdbcNoticeStore implements NoticeStore {

  private final JdbcClient jdbc;
  private final TargetSealer targets;

  public JdbcNoticeStore(DataSource dataSource, TargetSealer targets) {
    this.jdbc = JdbcClient.create(dataSource);
    this.targets = targets;
  }

  @Override
  public List<Notice> noticesOf(String platformId, String accountId, Instant now) {
    return jdbc.sql("SELECT agency_id, legal_basis, fields, disclosed_at FROM disclosure_requests"
            + " WHERE platform_id = ? AND account_blind_index = ANY (?) AND status = 'DISCLOSED'"
            + " AND (confidential_until IS NULL OR confidential_until <= ?) ORDER BY disclosed_at, id")
        .param(platformId)
        .param(targets.candidates(platformId, accountId))
        .param(Sql.ts(now))
        .query((rs, row) -> new Notice(rs.getString("agency_id"), rs.getString("legal_basis"),
            Sql.fields(rs, "fields"), Sql.instant(rs, "disclosed_at")))
        .list();
  }
}
