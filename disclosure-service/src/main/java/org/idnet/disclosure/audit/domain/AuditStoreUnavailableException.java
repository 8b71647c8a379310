package org.idnet.disclosure.audit.domain;

/**
 * PostgreSQL could not answer now (no connection, connection lost, timeout): the caller may retry.
 * Unlike a bug, which stays whatever it was and ends as INTERNAL.
 */
public final class AuditStoreUnavailableException extends RuntimeException {

  public AuditStoreUnavailableException(Throwable cause) {
    super("the audit store is unavailable", cause);
  }
}
