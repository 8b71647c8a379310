package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import org.idnet.phone.PhoneNumber;

/**
 * A carrier's report about a number.
 *
 * @param carrierId the reporting carrier: the client id of the caller's token, never a request
 *     field, so a carrier cannot report in another's name
 * @param occurredAt when the number left its holder, to the microsecond (what PostgreSQL keeps, so
 *     that a repeated report is recognized as the same event)
 */
public record NumberEvent(String carrierId, PhoneNumber phone, NumberEventType type, Instant occurredAt) {

  public NumberEvent {
    Objects.requireNonNull(carrierId, "carrierId");
    if (carrierId.isBlank() || carrierId.length() > 128) {
      throw new IllegalArgumentException("a carrier id is 1-128 characters");
    }
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
