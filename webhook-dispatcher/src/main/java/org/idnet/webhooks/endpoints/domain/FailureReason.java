package org.idnet.webhooks.endpoints.domain;

/** Why a call about endpoints was refused; {@link #code()} is the problem code platforms see. */
public enum FailureReason {
  INVALID_WEBHOOK_URL("invalid-webhook-url"),
  INVALID_EVENT_TYPE("invalid-event-type"),
  INVALID_ENDPOINT_ID("invalid-endpoint-id"),
  INVALID_REQUEST("invalid-request"),
  TOO_MANY_WEBHOOK_ENDPOINTS("too-many-webhook-endpoints"),
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
  NOT_FOUND("not-found"),
  STORE_UNAVAILABLE("store-unavailable");

  private final String code;

  FailureReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
