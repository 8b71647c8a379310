package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A carrier's report about a number.
 *
 * @param occurredAt when the number left its holder, to the microsecond (what PostgreSQL keeps, so
 *     that a repeated report is recognized as the same event)
 */
public record NumberEvent(PhoneNumber phone, NumberEventType type, Instant occurredAt) {

  public NumberEvent {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
