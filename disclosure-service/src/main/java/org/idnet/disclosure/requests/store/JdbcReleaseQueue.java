package org.idnet.disclosure.requests.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.ReleaseCandidate;
import org.idnet.disclosure.requests.domain.ReleaseQueue;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Approved requests as a work queue: FOR UPDATE SKIP LOCKED hands each to one transaction at a
 * time, across replicas, and the lock is held until the outcome commits.
 */
public final class JdbcReleaseQueue implements ReleaseQueue {

  private static final String SELECT = "SELECT " + RequestRows.COLUMNS + ", release_attempts FROM disclosure_requests";

  private final JdbcClient jdbc;
  private final TargetSealer targets;

  public JdbcReleaseQueue(DataSource dataSource, TargetSealer targets) {
    this.jdbc = JdbcClient.create(dataSource);
    this.targets = targets;
  }

  @Override
  public Optional<ReleaseCandidate> lock(UUID requestId) {
    return jdbc.sql(SELECT + " WHERE id = ? AND status = 'APPROVED' FOR UPDATE SKIP LOCKED")
        .param(requestId)
        .query((rs, row) -> new ReleaseCandidate(RequestRows.map(targets, rs), rs.getInt("release_attempts")))
        .optional();
  }

  @Override
  public Optional<ReleaseCandidate> lockNextDue(Instant now) {
    return jdbc.sql(SELECT + " WHERE status = 'APPROVED' AND (next_release_at IS NULL OR next_release_at <= ?)"
            + " ORDER BY next_release_at NULLS FIRST, decided_at LIMIT 1 FOR UPDATE SKIP LOCKED")
        .param(Sql.ts(now))
        .query((rs, row) -> new ReleaseCandidate(RequestRows.map(targets, rs), rs.getInt("release_attempts")))
        .optional();
  }

  @Override
  public void postpone(UUID requestId, int attempts, Instant next) {
    jdbc.sql("UPDATE disclosure_requests SET release_attempts = ?, next_release_at = ?"
            + " WHERE id = ? AND status = 'APPROVED'")
        .param(attempts)
        .param(Sql.ts(next))
        .param(requestId)
        .update();
  }
}
