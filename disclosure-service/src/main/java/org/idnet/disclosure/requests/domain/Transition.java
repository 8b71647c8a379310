package org.idnet.disclosure.requests.domain;

import org.idnet.disclosure.audit.domain.AuditEventType;

/** Every way a request can change status, each with the status it leads to and the entry it leaves in the audit log. */
public enum Transition {
  APPROVE(DisclosureStatus.APPROVED, AuditEventType.REQUEST_APPROVED),
  REJECT(DisclosureStatus.REJECTED, AuditEventType.REQUEST_REJECTED),
  CANCEL(DisclosureStatus.CANCELLED, AuditEventType.REQUEST_CANCELLED),
  EXPIRE(DisclosureStatus.EXPIRED, AuditEventType.REQUEST_EXPIRED),
  DISCLOSE(DisclosureStatus.DISCLOSED, AuditEventType.REQUEST_DISCLOSED),
  NOT_FOUND_AT_SOURCE(DisclosureStatus.NOT_FOUND_AT_SOURCE, AuditEventType.REQUEST_NOT_FOUND_AT_SOURCE),
  REFUSE_RELEASE(DisclosureStatus.RELEASE_REFUSED, AuditEventType.REQUEST_RELEASE_REFUSED);

  private final DisclosureStatus target;
  private final AuditEventType auditType;

  Transition(DisclosureStatus target, AuditEventType auditType) {
    this.target = target;
    this.auditType = auditType;
  }

  public DisclosureStatus target() {
    return target;
  }

  public AuditEventType auditType() {
    return auditType;
  }
}
