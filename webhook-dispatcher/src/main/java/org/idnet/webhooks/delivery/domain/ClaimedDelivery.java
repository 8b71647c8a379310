package org.idnet.webhooks.delivery.domain;

import java.util.List;
import org.idnet.webhooks.endpoints.domain.SigningSecret;

/**
 * A delivery this dispatcher holds the lease of: the event's id, type and body, where it goes and
 * the secrets to sign with (the current one first; during a rotation also the one before).
 *
 * @param attempt 1 for the first attempt
 */
public record ClaimedDelivery(long id, String eventId, String eventType, byte[] body, String endpointId, String url,
    int timeoutSeconds, List<SigningSecret> secrets, int attempt) {

  public ClaimedDelivery {
    body = body.clone();
    secrets = List.copyOf(secrets);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return "ClaimedDelivery[id=" + id + ", endpoint=" + endpointId + ", attempt=" + attempt + "]";
  }
}
