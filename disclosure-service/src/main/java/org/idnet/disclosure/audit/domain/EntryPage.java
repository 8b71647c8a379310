package org.idnet.disclosure.audit.domain;

/**
 * Which entries an auditor asks for: from a seq, at most a limit (api.md: {@code fromSeq}
 * default 1, {@code limit} 1-1000 default 100).
 */
public record EntryPage(long fromSeq, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public EntryPage {
    if (fromSeq < 1) {
      throw new InvalidAuditQueryException("fromSeq", "fromSeq must be 1 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidAuditQueryException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
  }

  /** From the request's values, where 0 means "not given" (proto3 has no absent integers here). */
  public static EntryPage of(long fromSeq, int limit) {
    return new EntryPage(fromSeq == 0 ? 1 : fromSeq, limit == 0 ? DEFAULT_LIMIT : limit);
  }
}
