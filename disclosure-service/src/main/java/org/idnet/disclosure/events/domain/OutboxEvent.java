package org.idnet.disclosure.events.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.idnet.disclosure.reports.domain.Notice;

/**
 * One event of the outbox as the dispatcher reads it: notice.available, with the notice the
 * platform may now read at GET /v1/accounts/{accountId}/notices.
 *
 * @param position its place in the outbox, increasing in the order events were written
 * @param eventId the id the platform receives (the same on every read)
 * @param platformId the platform the event is for
 * @param accountId the platform's own account id
 */
public record OutboxEvent(long position, UUID eventId, String type, Instant occurredAt, String platformId,
    String accountId, Notice notice) {

  /** The one type this service writes. */
  public static final String NOTICE_AVAILABLE = "notice.available";

  public OutboxEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(notice, "notice");
  }
}
