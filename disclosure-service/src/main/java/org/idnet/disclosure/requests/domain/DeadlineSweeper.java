package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.idnet.disclosure.audit.domain.AuditLog;

/**
 * The deadline job: requests not decided by their due time become EXPIRED (audited, actor
 * "system"). Batches lock their rows and skip rows another replica holds, so several replicas
 * running at once never expire a request twice; all state is in PostgreSQL, so a restart loses
 * nothing. Also forgets Idempotency-Keys older than their window.
 */
public final class DeadlineSweeper {

  private final OverdueRequests overdue;
  private final IdempotencyStore keys;
  private final RequestLedger ledger;
  private final Transactions transactions;
  private final Clock clock;
  private final Duration keyWindow;

  public DeadlineSweeper(OverdueRequests overdue, RequestStore requests, IdempotencyStore keys, AuditLog audit,
      Transactions transactions, Clock clock, Duration keyWindow) {
    this.overdue = overdue;
    this.keys = keys;
    this.ledger = new RequestLedger(requests, audit);
    this.transactions = transactions;
    this.clock = clock;
    this.keyWindow = keyWindow;
  }

  /** Expires every overdue request, {@code batch} per transaction; answers how many this run expired. */
  public int sweep(int batch) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int expired = 0;
    while (true) {
      int done = transactions.inTransaction(() -> {
        List<DisclosureRequest> due = overdue.lockOverdue(now, batch);
        due.forEach(ledger::expire);
        return due.size();
      });
      expired += done;
      if (done < batch) {
        break;
      }
    }
    transactions.inTransaction(() -> keys.forget(now.minus(keyWindow)));
    return expired;
  }
}
