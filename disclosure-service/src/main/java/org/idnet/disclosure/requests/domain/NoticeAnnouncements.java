package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Tells the request's platform, through the event outbox, that a disclosure of its account is no
 * longer confidential (notice.available). Call inside {@link Transactions}: the event commits with
 * the change that made the notice visible, or not at all.
 */
public interface NoticeAnnouncements {

  /**
   * Writes notice.available for this disclosed request, occurring {@code at}, and marks its notice
   * announced; does nothing if it was announced before (a request is announced once).
   *
   * @return whether an event was written
   */
  boolean announce(UUID requestId, Instant at);
}
