package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditEventType;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.release.domain.PackageCipher;

/**
 * Hands a disclosed package to an officer of the requesting agency. The retrieval's audit entry is
 * written in the same transaction as the read: a read that is not audited does not happen.
 */
public final class PackageReader {

  private final RequestStore requests;
  private final PackageStore packages;
  private final PackageCipher cipher;
  private final AuditLog audit;
  private final Transactions transactions;
  private final Clock clock;

  public PackageReader(RequestStore requests, PackageStore packages, PackageCipher cipher, AuditLog audit,
      Transactions transactions, Clock clock) {
    this.requests = requests;
    this.packages = packages;
    this.cipher = cipher;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
  }

  public DisclosurePackageView read(Official officer, String id) {
    officer.requireAgency();
    UUID requestId = RequestValidation.requestId(id);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.inTransaction(() -> {
      DisclosureRequest request = requests.find(requestId, false).filter(officer::sameAgency)
          .orElseThrow(DisclosureException::notFound);
      if (!officer.isOfficer()) {
        throw DisclosureException.of(Refusal.FORBIDDEN, "only agency officers read packages");
      }
      if (request.status() != DisclosureStatus.DISCLOSED) {
        throw DisclosureException.of(Refusal.REQUEST_NOT_DISCLOSED, "the request is " + request.status()
            + ": there is no package");
      }
      // Past its expiry the package is gone for the caller even before the job deletes the row.
      SealedPackage sealed = packages.find(requestId).filter(p -> now.isBefore(p.expiresAt()))
          .orElseThrow(() -> DisclosureException.of(Refusal.PACKAGE_EXPIRED, "the package has expired and is deleted"));
      audit.append(new AuditEvent(AuditEventType.PACKAGE_RETRIEVED, officer.subject(), request.agencyId(), requestId));
      return new DisclosurePackageView(requestId, cipher.open(requestId, sealed.sealed()), sealed.disclosedAt(),
          sealed.expiresAt());
    });
  }
}
