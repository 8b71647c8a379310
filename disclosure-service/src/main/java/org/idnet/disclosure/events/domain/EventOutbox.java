package org.idnet.disclosure.events.domain;

import java.time.Instant;
import java.util.List;

/** The transactional event outbox. Call inside {@link org.idnet.disclosure.requests.domain.Transactions}. */
public interface EventOutbox {

  /** The oldest {@code limit} events still in the outbox, by position. */
  List<OutboxEvent> oldest(int limit);

  /** Deletes the events at these positions; unknown ones are ignored. Answers how many were deleted. */
  int acknowledge(List<Long> positions);

  /**
   * Announces up to {@code limit} disclosed requests whose notice became visible by {@code now} and
   * was not announced yet: notice.available occurring {@code now} for each, and each marked
   * announced. Does nothing (answers 0) while another transaction runs this, on any replica.
   */
  int announceDue(Instant now, int limit);
}
