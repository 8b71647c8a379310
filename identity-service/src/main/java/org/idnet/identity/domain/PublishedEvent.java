package org.idnet.identity.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * An outbox event as webhook-dispatcher receives it.
 *
 * @param verification for {@link EventType#VERIFICATION_CHANGED}, the account's verification as it
 *     reads now (the same answer GET /v1/accounts/{id} gives); empty for the other types
 */
public record PublishedEvent(OutboxEvent event, Optional<AccountVerification> verification) {

  public PublishedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(verification, "verification");
  }
}
