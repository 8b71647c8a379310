package org.idnet.webhooks.delivery.domain;

import java.time.Duration;
import java.util.Map;

/**
 * One HTTP POST to an endpoint (adapter: HttpWebhookSender), which checks the target first: the
 * URL's host resolved now, every address it has public (outside the sandbox), the connection made
 * to the address that was checked. Never throws: a refused target and a failure are results.
 */
public interface WebhookSender {

  /** Within {@code timeout} in all, connection included; no redirect followed. */
  SendResult send(String url, Map<String, String> headers, byte[] body, Duration timeout);
}
