package org.idnet.client.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One of the platform's webhook endpoints.
 *
 * @param id {@code we_} and 22 characters
 * @param secret the signing secret ({@code whsec_...}): present only in the answers of create and
 *     rotate-secret, the only times idnet shows it; give it to a {@link WebhookVerifier}
 * @param disabledAt set when a delivery failed for about a day; rotating the secret enables it again
 * @param disabledReason why, when disabled
 */
public record WebhookEndpoint(String id, String url, List<String> eventTypes, int maxInFlight, int timeoutSeconds,
    Instant createdAt, Optional<String> secret, Optional<Instant> disabledAt, Optional<String> disabledReason) {

  public WebhookEndpoint {
    eventTypes = List.copyOf(eventTypes);
  }

  /** Never the secret: an endpoint printed in a log shows that it has one, not what it is. */
  @Override
  public String toString() {
    return "WebhookEndpoint[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + ", secret="
        + (secret.isPresent() ? "(shown once)" : "none") + ", disabledAt=" + disabledAt.orElse(null) + "]";
  }
}
