package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An event as the outbox holds it: what happened to which account, nothing personal.
 *
 * @param position its place in the outbox, increasing in the order events were written
 * @param id unique per event, what the platform de-duplicates on
 * @param reason why the binding ended; only for {@link EventType#BINDING_REVOKED}
 */
public record OutboxEvent(long position, UUID id, EventType type, AccountRef account, Instant occurredAt,
    Optional<String> reason) {

  public OutboxEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(reason, "reason");
  }
}
