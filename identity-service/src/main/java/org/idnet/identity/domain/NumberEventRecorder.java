package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A carrier reports a recycled number: bindings proved by the earlier holder stop counting, so a
 * new holder of the number never inherits someone else's verification.
 */
public final class NumberEventRecorder {

  private final PhoneNumberNormalizer phones;
  private final NumberEventStore events;
  private final AccountVerifier verifier;
  private final Clock clock;
  private final Duration clockSkew;

  /** @param clockSkew how far in the future a carrier's clock may put an event */
  public NumberEventRecorder(PhoneNumberNormalizer phones, NumberEventStore events, AccountVerifier verifier,
      Clock clock, Duration clockSkew) {
    this.phones = Objects.requireNonNull(phones, "phones");
    this.events = Objects.requireNonNull(events, "events");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * @param type null when the report named none
   * @param occurredAt null when the report named none
   * @return the event as recorded and how many accounts lost their binding
   */
  public Recorded record(String phoneNumber, NumberEventType type, Instant occurredAt) {
    PhoneNumber phone = phones.normalize(phoneNumber);
    if (type == null) {
      throw IdentityException.invalid(FailureReason.INVALID_NUMBER_EVENT, "type",
          "type is required: DISCONNECTED, REASSIGNED or PORTED");
    }
    Instant now = clock.instant();
    if (occurredAt == null) {
      throw IdentityException.invalid(FailureReason.INVALID_NUMBER_EVENT, "occurredAt", "occurredAt is required");
    }
    if (occurredAt.isAfter(now.plus(clockSkew))) {
      throw IdentityException.invalid(FailureReason.INVALID_NUMBER_EVENT, "occurredAt",
          "occurredAt must not be in the future");
    }
    NumberEvent event = new NumberEvent(phone, type, occurredAt.truncatedTo(ChronoUnit.MICROS));
    List<AccountRef> revoked = events.record(event, now);
    verifier.changed(revoked);
    return new Recorded(event, revoked.size());
  }

  /** What a report did; {@code event.phone()} prints masked. */
  public record Recorded(NumberEvent event, int revokedBindings) {
  }
}
