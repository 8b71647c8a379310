package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditEventType;
import org.idnet.disclosure.audit.domain.AuditLog;

/**
 * The package expiry job: deletes sealed packages at packageExpiresAt, each deletion audited in
 * its transaction (actor "system"). Safe with several replicas: rows another one holds are skipped.
 */
public final class PackageSweeper {

  private final PackageStore packages;
  private final AuditLog audit;
  private final Transactions transactions;
  private final Clock clock;

  public PackageSweeper(PackageStore packages, AuditLog audit, Transactions transactions, Clock clock) {
    this.packages = packages;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Answers how many packages this run deleted. */
  public int sweep(int batch) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int deleted = 0;
    while (true) {
      int done = transactions.inTransaction(() -> {
        List<DeletedPackage> gone = packages.deleteExpired(now, batch);
        gone.forEach(p -> audit.append(new AuditEvent(AuditEventType.PACKAGE_DELETED, AuditEvent.SYSTEM,
            p.agencyId(), p.requestId())));
        return gone.size();
      });
      deleted += done;
      if (done < batch) {
        return deleted;
      }
    }
  }
}
