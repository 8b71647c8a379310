package org.idnet.webhooks.endpoints.domain;

import java.util.Optional;

/** A refusal of webhook-dispatcher, mapped to a gRPC status with its reason by the api layer. */
public final class WebhookException extends RuntimeException {

  private final FailureReason reason;
  private final String field;

  private WebhookException(FailureReason reason, String field, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
    this.field = field;
  }

  public static WebhookException of(FailureReason reason, String message) {
    return new WebhookException(reason, null, message, null);
  }

  public static WebhookException invalid(FailureReason reason, String field, String message) {
    return new WebhookException(reason, field, message, null);
  }

  public static WebhookException storeUnavailable(Throwable cause) {
    return new WebhookException(FailureReason.STORE_UNAVAILABLE, null, "the endpoint store is unavailable", cause);
  }

  public FailureReason reason() {
    return reason;
  }

  /** The request field at fault, for a refusal of input. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
