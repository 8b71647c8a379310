package org.idnet.disclosure.audit.store;

import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.disclosure.audit.domain.AuditHistory;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.idnet.disclosure.audit.domain.EntryPage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads the log for auditors and for verification. */
public final class JdbcAuditHistory implements AuditHistory {

  /** Rows per round trip while scanning: a few hundred kilobytes in memory, whatever the log's size. */
  static final int SCAN_FETCH_SIZE = 500;

  private final JdbcClient jdbc;
  private final JdbcTemplate scanner;
  private final TransactionTemplate readOnly;

  public JdbcAuditHistory(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = JdbcClient.create(dataSource);
    this.scanner = new JdbcTemplate(dataSource);
    scanner.setFetchSize(SCAN_FETCH_SIZE);
    this.readOnly = new TransactionTemplate(transactions);
    readOnly.setReadOnly(true);
  }

  @Override
  public List<AuditEntry> page(EntryPage page) {
    return AuditRows.translate(() -> jdbc.sql("SELECT " + AuditRows.ENTRY_COLUMNS
            + " FROM audit_entries WHERE seq >= ? ORDER BY seq LIMIT ?")
        .params(page.fromSeq(), page.limit())
        .query((rs, row) -> AuditRows.entry(rs)).list());
  }

  @Override
  public void scan(Predicate<AuditEntry> visitor) {
    // PostgreSQL's driver streams rows with a cursor (fetch size) only inside a transaction;
    // without one it would load the whole table.
    AuditRows.translate(() -> readOnly.execute(status -> scanner.query(
        "SELECT " + AuditRows.ENTRY_COLUMNS + " FROM audit_entries ORDER BY seq", rs -> {
          while (rs.next() && visitor.test(AuditRows.entry(rs))) {
            // The visitor decides when to stop: after the first problem the rest is irrelevant.
          }
          return null;
        })));
  }

  @Override
  public ChainHead head() {
    return AuditRows.translate(() -> jdbc.sql("SELECT seq, hash FROM audit_head")
        .query((rs, row) -> AuditRows.head(rs)).single());
  }
}
