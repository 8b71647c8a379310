package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.List;

/** Requests still awaiting approval at their due time, for the deadline job. */
public interface OverdueRequests {

  /**
   * Locks up to {@code limit} overdue requests for this transaction, skipping rows another replica
   * holds, so two jobs never expire the same request twice.
   */
  List<DisclosureRequest> lockOverdue(Instant now, int limit);
}
