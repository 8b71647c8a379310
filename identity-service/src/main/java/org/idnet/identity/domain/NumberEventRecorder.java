package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.idnet.phone.PhoneNumber;
import org.idnet.phone.PhoneNumberNormalizer;

/**
 * A carrier reports a recycled number: bindings proved by the earlier holder stop counting, so a
 * new holder of the number never inherits someone else's verification. Each carrier has an
 * allowance of reports per period: a carrier's stolen credentials revoke at a bounded pace, and
 * every recorded event names the carrier that reported it. Numbers are ported between carriers,
 * so the number's prefix says nothing about who may report it, and nothing is refused by it.
 */
public final class NumberEventRecorder {

  private final PhoneNumberNormalizer phones;
  private final NumberEventStore events;
  private final AccountVerifier verifier;
  private final Clock clock;
  private final Duration clockSkew;
  private final RateLimit perCarrier;

  /** @param clockSkew how far in the future a carrier's clock may put an event */
  public NumberEventRecorder(PhoneNumberNormalizer phones, NumberEventStore events, AccountVerifier verifier,
      Clock clock, Duration clockSkew, RateLimit perCarrier) {
    this.phones = Objects.requireNonNull(phones, "phones");
    this.events = Objects.requireNonNull(events, "events");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    this.perCarrier = Objects.requireNonNull(perCarrier, "perCarrier");
  }

  /**
   * @param carrierId the caller's client id
   * @param type null when the report named none
   * @param occurredAt null when the report named none
   * @return the event as recorded and how many accounts lost their binding
   * @throws IdentityException RATE_LIMITED before anything else when the carrier's allowance is
   *     spent (every report that gets here counts, a malformed one too), INVALID_*, STORE_UNAVAILABLE
   */
  public Recorded record(String carrierId, String phoneNumber, NumberEventType type, Instant occurredAt) {
    Optional<Duration> wait = perCarrier.tryAcquire(carrierId);
    if (wait.isPresent()) {
      throw IdentityException.limited(FailureReason.RATE_LIMITED,
          "too many number events from this carrier; retry after the time given", wait.get());
    }
    PhoneNumber phone = PhoneNumbers.normalize(phones, phoneNumber);
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
    NumberEvent event = new NumberEvent(carrierId, phone, type, occurredAt.truncatedTo(ChronoUnit.MICROS));
    List<AccountRef> revoked = events.record(event, now);
    verifier.changed(revoked);
    return new Recorded(event, revoked.size());
  }

  /** What a report did; {@code event.phone()} prints masked. */
  public record Recorded(NumberEvent event, int revokedBindings) {
  }
}
