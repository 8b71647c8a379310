package org.idnet.otp.api;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import org.idnet.grpc.errors.RefusalMapper;
import org.idnet.grpc.errors.RefusalStatus;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpException;

/**
 * phone-otp-service's refusals as gRPC statuses with {@code google.rpc} details (ErrorInfo reason,
 * BadRequest field, RetryInfo) that the gateway maps to problem+json. Anything else is the shared
 * {@link org.idnet.grpc.errors.ErrorMappingInterceptor}'s: a generic INTERNAL, logged by exception
 * type and frame only, never by message.
 */
public final class GrpcErrors {

  /** An outage (Redis, SMS provider, identity-service) is worth a log line naming the cause's type. */
  private static final RefusalMapper REFUSALS = RefusalMapper.of(OtpException.class, GrpcErrors::toStatus,
      e -> code(e.reason()) == Code.UNAVAILABLE && e.getCause() != null, e -> e.reason().code());

  private GrpcErrors() {
  }

  /** The {@link RefusalMapper} of this service. */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    return REFUSALS.map(method, e);
  }

  public static StatusRuntimeException toStatus(OtpException e) {
    return RefusalStatus.of(code(e.reason()), e.reason().code(), e.getMessage()).field(e.field())
        .retryAfter(e.retryAfter()).toException();
  }

  static Code code(FailureReason reason) {
    return switch (reason) {
      case INVALID_PHONE_NUMBER, INVALID_ACCOUNT_ID, INVALID_CODE, INVALID_REQUEST -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      // The gateway answers idempotency-key-reused with 422, verification-closed with 409.
      case VERIFICATION_CLOSED, IDEMPOTENCY_KEY_REUSED -> Code.FAILED_PRECONDITION;
      case VERIFICATION_IN_PROGRESS, IDEMPOTENCY_KEY_IN_USE -> Code.ABORTED;
      case RESEND_TOO_SOON, SEND_LIMIT_REACHED, RATE_LIMITED, TOO_MANY_FAILED_CHECKS, SESSION_LIMIT_REACHED ->
          Code.RESOURCE_EXHAUSTED;
      case STORE_UNAVAILABLE, SMS_UNAVAILABLE, IDENTITY_UNAVAILABLE -> Code.UNAVAILABLE;
    };
  }
}
