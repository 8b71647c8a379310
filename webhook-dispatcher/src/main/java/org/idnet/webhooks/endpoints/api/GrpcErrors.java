package org.idnet.webhooks.endpoints.api;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import org.idnet.grpc.errors.RefusalMapper;
import org.idnet.grpc.errors.RefusalStatus;
import org.idnet.webhooks.endpoints.domain.FailureReason;
import org.idnet.webhooks.endpoints.domain.WebhookException;

/**
 * webhook-dispatcher's refusals as gRPC statuses with {@code google.rpc} details (ErrorInfo
 * reason, BadRequest field) that the gateway maps to problem+json; anything else is the shared
 * ErrorMappingInterceptor's generic INTERNAL.
 */
public final class GrpcErrors {

  private static final RefusalMapper REFUSALS = RefusalMapper.of(WebhookException.class, GrpcErrors::toStatus,
      e -> e.reason() == FailureReason.STORE_UNAVAILABLE && e.getCause() != null, e -> e.reason().code());

  private GrpcErrors() {
  }

  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    return REFUSALS.map(method, e);
  }

  static StatusRuntimeException toStatus(WebhookException e) {
    return RefusalStatus.of(code(e.reason()), e.reason().code(), e.getMessage()).field(e.field()).toException();
  }

  static Code code(FailureReason reason) {
    return switch (reason) {
      case INVALID_WEBHOOK_URL, INVALID_EVENT_TYPE, INVALID_ENDPOINT_ID, INVALID_REQUEST -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case TOO_MANY_WEBHOOK_ENDPOINTS, IDEMPOTENCY_KEY_REUSED -> Code.FAILED_PRECONDITION;
      case STORE_UNAVAILABLE -> Code.UNAVAILABLE;
    };
  }
}
