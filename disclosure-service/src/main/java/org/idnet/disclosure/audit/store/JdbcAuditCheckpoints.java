package org.idnet.disclosure.audit.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.disclosure.audit.domain.AuditCheckpoints;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Checkpoints in PostgreSQL, next to the log they pin. */
public final class JdbcAuditCheckpoints implements AuditCheckpoints {

  /**
   * Transaction-level advisory lock taken by the scheduled round, so that of several replicas
   * firing together one issues and the others skip. An arbitrary number, reserved for this lock.
   */
  static final long SCHEDULED_ROUND_LOCK = 0x1d4e_7a0d_17c4_0001L;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public JdbcAuditCheckpoints(DataSource dataSource, PlatformTransactionManager transactionManager) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @Override
  public void add(AuditCheckpoint c) {
    AuditRows.translate(() -> jdbc.sql("""
            INSERT INTO audit_checkpoints (size, root_hash, issued_at, signature, key_id)
            VALUES (?, ?, ?, ?, ?)""")
        .params(c.size(), c.rootHash().bytes(), Sql.ts(c.issuedAt()), c.signature(), c.keyId())
        .update());
  }

  @Override
  public Optional<AuditCheckpoint> latest() {
    return AuditRows.translate(() -> jdbc.sql("""
            SELECT size, root_hash, issued_at, signature, key_id FROM audit_checkpoints
            ORDER BY size DESC, id DESC LIMIT 1""")
        .query((rs, row) -> AuditRows.checkpoint(rs)).optional());
  }

  @Override
  public List<AuditCheckpoint> all() {
    return AuditRows.translate(() -> jdbc.sql("""
            SELECT size, root_hash, issued_at, signature, key_id FROM audit_checkpoints ORDER BY size, id""")
        .query((rs, row) -> AuditRows.checkpoint(rs)).list());
  }

  @Override
  public Optional<AuditCheckpoint> addIfGrown(Function<ChainHead, AuditCheckpoint> sign) {
    return AuditRows.translate(() -> transactions.execute(status -> {
      // Held until commit: a replica that comes later sees this round's checkpoint and skips.
      boolean ours = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(SCHEDULED_ROUND_LOCK)
          .query(Boolean.class).single();
      if (!ours) {
        return Optional.<AuditCheckpoint>empty();
      }
      ChainHead head = jdbc.sql("SELECT seq, hash FROM audit_head").query((rs, row) -> AuditRows.head(rs)).single();
      long covered = jdbc.sql("SELECT coalesce(max(size), 0) FROM audit_checkpoints").query(Long.class).single();
      if (head.size() <= covered) {
        return Optional.<AuditCheckpoint>empty();
      }
      AuditCheckpoint checkpoint = sign.apply(head);
      add(checkpoint);
      return Optional.of(checkpoint);
    }));
  }
}
