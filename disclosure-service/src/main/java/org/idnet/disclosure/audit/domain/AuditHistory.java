package org.idnet.disclosure.audit.domain;

import java.util.List;
import java.util.function.Predicate;
import org.idnet.audit.verifier.AuditEntry;

/** The read side of the log: pages for auditors, a full scan for verification, the head. */
public interface AuditHistory {

  /** Entries from {@code page.fromSeq()} in seq order, at most {@code page.limit()}. */
  List<AuditEntry> page(EntryPage page);

  /**
   * Offers every entry in seq order, streaming (the log may be larger than memory), until the
   * visitor returns false.
   */
  void scan(Predicate<AuditEntry> visitor);

  /** The committed head of the chain. */
  ChainHead head();
}
