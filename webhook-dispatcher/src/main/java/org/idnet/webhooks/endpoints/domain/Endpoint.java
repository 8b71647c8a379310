package org.idnet.webhooks.endpoints.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A platform's registered endpoint, as listed (never with its secret). */
public record Endpoint(String id, String platformId, String url, List<String> eventTypes, int maxInFlight,
    int timeoutSeconds, Instant createdAt, Optional<Instant> disabledAt, Optional<String> disabledReason) {

  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(url, "url");
    eventTypes = List.copyOf(eventTypes);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(disabledAt, "disabledAt");
    Objects.requireNonNull(disabledReason, "disabledReason");
  }
}
