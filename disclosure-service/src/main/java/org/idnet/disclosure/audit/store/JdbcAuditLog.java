package org.idnet.disclosure.audit.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.idnet.audit.verifier.AuditCanonical;
import org.idnet.audit.verifier.Hash;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends to the chain inside the caller's transaction: the JdbcClient on the service's one
 * DataSource joins the transaction Spring has bound to the thread, so the entry commits or rolls
 * back with the change it records.
 *
 * <p>Appends serialize on the head row ({@code SELECT ... FOR UPDATE}), held until the caller
 * commits: seq has no gaps (a rollback leaves the head as it was) and no two entries name the same
 * predecessor. Callers should append last in their transaction, to hold that lock briefly.
 */
public final class JdbcAuditLog implements AuditLog {

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Clock clock;

  public JdbcAuditLog(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.clock = clock;
  }

  @Override
  public void append(AuditEvent event) {
    // Without a transaction each statement would commit on its own: an entry could outlive a
    // rolled-back change, or a change commit without its entry. That is a bug in the caller.
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.hasResource(dataSource)) {
      throw new IllegalStateException("audit append outside a transaction on the service's DataSource: "
          + "the entry must commit together with the change it records");
    }
    ChainHead head = jdbc.sql("SELECT seq, hash FROM audit_head FOR UPDATE")
        .query((rs, row) -> AuditRows.head(rs)).single();
    long seq = head.size() + 1;
    // Read under the lock, so times never go backwards along the chain.
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String requestId = event.requestId().toString();
    Hash hash = AuditCanonical.chain(head.hash(),
        AuditCanonical.entryBytes(seq, at, event.type().name(), event.actor(), event.agencyId(), requestId));
    jdbc.sql("""
            INSERT INTO audit_entries (seq, at, type, actor, agency_id, request_id, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(seq, Sql.ts(at), event.type().name(), event.actor(), event.agencyId(), event.requestId(),
            head.hash().bytes(), hash.bytes())
        .update();
    jdbc.sql("UPDATE audit_head SET seq = ?, hash = ?").params(seq, hash.bytes()).update();
  }
}
