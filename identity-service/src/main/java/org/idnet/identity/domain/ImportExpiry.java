package org.idnet.identity.domain;

import java.time.Instant;
import java.util.List;

/** Ends imported phone bindings whose period has run out, and announces each change. */
public interface ImportExpiry {

  /**
   * Revokes (reason import-expired) at most {@code max} active imported bindings whose period ended
   * by {@code now}, each at the instant it ran out, with account.verification_changed, in one
   * transaction; bindings another replica is ending are skipped.
   *
   * @return the accounts whose binding ended, whose cached answers are now stale
   */
  List<AccountRef> expire(Instant now, int max);
}
