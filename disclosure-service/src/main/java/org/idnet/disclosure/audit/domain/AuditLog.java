package org.idnet.disclosure.audit.domain;

/**
 * The tamper-evident log of disclosures. {@link #append} must run inside the transaction of the
 * change it records: the entry and the change commit together or not at all.
 */
public interface AuditLog {

  /** Appends one entry (seq, time and hashes are the log's) to the caller's open transaction. */
  void append(AuditEvent event);
}
