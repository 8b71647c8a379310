package org.idnet.disclosure.reports.domain;

import java.time.Clock;
import java.util.List;
import org.idnet.disclosure.requests.domain.RequestValidation;
import org.idnet.disclosure.requests.domain.Transactions;

/**
 * Tells a platform which disclosures of its account it may now pass on to the user. The platform
 * is the caller's own (never a parameter), so no platform reads another's notices.
 */
public final class NoticeReader {

  private final NoticeStore notices;
  private final Transactions transactions;
  private final Clock clock;

  public NoticeReader(NoticeStore notices, Transactions transactions, Clock clock) {
    this.notices = notices;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** An account without disclosures (or unknown) has none: not an error. */
  public List<Notice> notices(String callerPlatformId, String accountId) {
    RequestValidation.accountId("accountId", accountId);
    return transactions.inTransaction(() -> notices.noticesOf(callerPlatformId, accountId, clock.instant()));
  }
}
