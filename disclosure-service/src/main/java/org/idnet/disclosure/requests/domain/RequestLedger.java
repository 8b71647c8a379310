package org.idnet.disclosure.requests.domain;

import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditLog;

/**
 * Writes a status change together with its audit entry. Callers run it inside one transaction, so
 * the change and the entry commit together or not at all.
 */
final class RequestLedger {

  private final RequestStore requests;
  private final AuditLog audit;

  RequestLedger(RequestStore requests, AuditLog audit) {
    this.requests = requests;
    this.audit = audit;
  }

  /** Stores {@code after} (made from {@code before} by {@code transition}) and audits it. */
  DisclosureRequest record(DisclosureRequest before, Transition transition, DisclosureRequest after, String actor) {
    if (after.status() != transition.target()) {
      throw new IllegalArgumentException("the change does not match " + transition);
    }
    requests.update(after, before.status());
    audit.append(new AuditEvent(transition.auditType(), actor, after.agencyId(), after.id()));
    return after;
  }

  /** Nothing is ever approved by default: undecided past dueAt, the request expires. */
  DisclosureRequest expire(DisclosureRequest overdue) {
    return record(overdue, Transition.EXPIRE, overdue.after(Transition.EXPIRE), AuditEvent.SYSTEM);
  }
}
