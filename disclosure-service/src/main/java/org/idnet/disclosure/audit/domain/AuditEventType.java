package org.idnet.disclosure.audit.domain;

/** Kinds of audit entries: every state change of a request, and what happens to its package. */
public enum AuditEventType {
  REQUEST_CREATED,
  REQUEST_APPROVED,
  REQUEST_REJECTED,
  REQUEST_CANCELLED,
  REQUEST_EXPIRED,
  REQUEST_DISCLOSED,
  REQUEST_NOT_FOUND_AT_SOURCE,
  REQUEST_RELEASE_REFUSED,
  PACKAGE_RETRIEVED,
  PACKAGE_DELETED
}
