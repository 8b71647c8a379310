package org.idnet.webhooks.delivery.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as a service's outbox hands it over: its place there, the platform and account it is
 * about, and the body to deliver (the event's JSON, which names the platform's account).
 */
public record OutboxEvent(long position, String platformId, String eventId, String type, String accountId,
    byte[] body, Instant occurredAt) {

  public OutboxEvent {
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Names no account: this record is logged by accident at worst with its position and type. */
  @Override
  public String toString() {
    return "OutboxEvent[position=" + position + ", type=" + type + "]";
  }
}
