package org.idnet.webhooks.delivery.domain;

import java.time.Duration;
import java.util.Map;
import org.idnet.webhooks.targets.WebhookTarget;

/** One HTTP POST to a checked target (adapter: HttpWebhookSender). Never throws: failures are results. */
public interface WebhookSender {

  /** Within {@code timeout} in all, connection included; no redirect followed. */
  SendResult send(WebhookTarget target, Map<String, String> headers, byte[] body, Duration timeout);
}
