package org.idnet.identity.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import org.idnet.identity.domain.FailureReason;
import org.idnet.grpc.errors.Throwables;
import org.idnet.identity.domain.IdentityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status every failure answers, as the gateway and api.md expect: a code, a description safe
 * for the public, an {@code ErrorInfo} with the stable reason and, for bad input, a
 * {@code BadRequest} naming the field.
 */
public final class GrpcErrors {

  static final String DOMAIN = "idnet.org";

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  /**
   * identity-service's refusals for the shared {@link org.idnet.grpc.errors.ErrorMappingInterceptor};
   * an outage (store or register down) is worth a log line with its cause, a refusal is not.
   */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    if (!(e instanceof IdentityException identity)) {
      return null;
    }
    if (isOutage(identity)) {
      log.warn("{}: {}: {}", method, identity.reason().code(), Throwables.summary(identity.getCause()));
    }
    return toStatus(identity);
  }

  static StatusRuntimeException toStatus(IdentityException e) {
    Code code = switch (e.reason()) {
      case INVALID_ACCOUNT_ID, INVALID_PLATFORM_ID, INVALID_PHONE_NUMBER, INVALID_VERIFICATION_ID ->
          Code.INVALID_ARGUMENT;
      case INVALID_IDENTITY, INVALID_COUNT ->
          Code.INVALID_ARGUMENT;
      case INVALID_ACCOUNT_IDS, INVALID_NUMBER_EVENT -> Code.INVALID_ARGUMENT;
      // The gateway answers these two with 422.
      case IDENTITY_NOT_CONFIRMED, GUARDIAN_REQUIRED -> Code.FAILED_PRECONDITION;
      case VERIFICATION_ALREADY_USED, ACCOUNT_ALREADY_REGISTERED, ACCOUNT_LIMIT_REACHED -> Code.ALREADY_EXISTS;
      // Only a grant decides what is released; a refused one releases nothing.
      case GRANT_REFUSED -> Code.PERMISSION_DENIED;
      // With RetryInfo: the gateway answers 429 with Retry-After.
      case TOO_MANY_FAILED_CONFIRMATIONS, RATE_LIMITED -> Code.RESOURCE_EXHAUSTED;
      case STORE_UNAVAILABLE, REGISTER_UNAVAILABLE -> Code.UNAVAILABLE;
    };
    com.google.rpc.Status.Builder status = status(code, e.getMessage(), e.reason().code(), e.details());
    e.field().ifPresent(field -> status.addDetails(Any.pack(BadRequest.newBuilder()
        .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(e.getMessage()))
        .build())));
    e.retryAfter().ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
        .setRetryDelay(seconds(delay)).build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** Whole seconds, rounded up: "retry after 0 s" while the limit still holds would invite a useless retry. */
  private static com.google.protobuf.Duration seconds(Duration delay) {
    long seconds = Math.max(1, delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0));
    return com.google.protobuf.Duration.newBuilder().setSeconds(seconds).build();
  }


  /** A dependency could not answer: worth a log line (with the cause), unlike a refusal. */
  static boolean isOutage(IdentityException e) {
    return e.reason() == FailureReason.STORE_UNAVAILABLE || e.reason() == FailureReason.REGISTER_UNAVAILABLE;
  }

  private static com.google.rpc.Status.Builder status(Code code, String message, String reason,
      java.util.Map<String, String> details) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).putAllMetadata(details)
            .build()));
  }
}
