package org.idnet.client.webhooks;

import org.idnet.client.errors.IdnetException;

/** A webhook request that must not be trusted: a header missing, a stale timestamp, no matching signature. */
public class WebhookVerificationException extends IdnetException {

  private static final long serialVersionUID = 1L;

  public WebhookVerificationException(String message) {
    super(message);
  }
}
