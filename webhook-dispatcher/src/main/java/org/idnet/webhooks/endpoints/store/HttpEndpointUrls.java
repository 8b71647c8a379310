package org.idnet.webhooks.endpoints.store;

import org.idnet.webhooks.endpoints.domain.EndpointUrls;
import org.idnet.webhooks.endpoints.domain.FailureReason;
import org.idnet.webhooks.endpoints.domain.WebhookException;
import org.idnet.webhooks.delivery.store.RefusedTargetException;
import org.idnet.webhooks.delivery.store.TargetPolicy;

/** Endpoint URLs under the target policy: checked once at registration, again at every delivery. */
public final class HttpEndpointUrls implements EndpointUrls {

  private final TargetPolicy targets;

  public HttpEndpointUrls(TargetPolicy targets) {
    this.targets = targets;
  }

  @Override
  public String check(String url) {
    try {
      return targets.resolve(targets.parse(url)).url().toString();
    } catch (RefusedTargetException e) {
      throw WebhookException.invalid(FailureReason.INVALID_WEBHOOK_URL, "url", e.getMessage());
    }
  }
}
