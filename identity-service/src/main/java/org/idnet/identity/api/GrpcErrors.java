package org.idnet.identity.api;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import org.idnet.grpc.errors.RefusalMapper;
import org.idnet.grpc.errors.RefusalStatus;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;

/**
 * The status every failure answers, as the gateway and api.md expect: a code, a description safe
 * for the public, an {@code ErrorInfo} with the stable reason and, for bad input, a
 * {@code BadRequest} naming the field.
 */
public final class GrpcErrors {

  /** An outage (store or register down) is worth a log line with its cause. */
  private static final RefusalMapper REFUSALS = RefusalMapper.of(IdentityException.class, GrpcErrors::toStatus,
      GrpcErrors::isOutage, e -> e.reason().code());

  private GrpcErrors() {
  }

  /** identity-service's refusals for the shared {@link org.idnet.grpc.errors.ErrorMappingInterceptor}. */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    return REFUSALS.map(method, e);
  }

  static StatusRuntimeException toStatus(IdentityException e) {
    Code code = switch (e.reason()) {
      case INVALID_ACCOUNT_ID, INVALID_PLATFORM_ID, INVALID_PHONE_NUMBER, INVALID_VERIFICATION_ID ->
          Code.INVALID_ARGUMENT;
      case INVALID_IDENTITY, INVALID_COUNT ->
          Code.INVALID_ARGUMENT;
      case INVALID_ACCOUNT_IDS, INVALID_NUMBER_EVENT -> Code.INVALID_ARGUMENT;
      case INVALID_REQUEST, INVALID_IMPORT_ID, INVALID_BATCH_NUMBER, INVALID_IMPORT_LINES, INVALID_LINE_NUMBERS, INVALID_PAGE ->
          Code.INVALID_ARGUMENT;
      case INVALID_RETURN_URL, INVALID_RETURN_URL_ID, INVALID_STATE, INVALID_LEVEL, INVALID_LOCALE,
          INVALID_ACCOUNT_LABEL, INVALID_SESSION_ID, INVALID_LAUNCH_TOKEN, INVALID_RESULT, INVALID_OUTCOME ->
          Code.INVALID_ARGUMENT;
      // Another platform's import is not found either: ids of others cannot be probed.
      case IMPORT_NOT_FOUND -> Code.NOT_FOUND;
      // Likewise for hosted sessions, results, return URLs and accounts outside a session's scope.
      case HOSTED_SESSION_NOT_FOUND, RESULT_NOT_FOUND, RETURN_URL_NOT_FOUND, ACCOUNT_NOT_FOUND -> Code.NOT_FOUND;
      case RETURN_URL_NOT_REGISTERED, TOO_MANY_RETURN_URLS, LEVEL_NOT_REACHED, SESSION_FINISHED,
          IDEMPOTENCY_KEY_REUSED -> Code.FAILED_PRECONDITION;
      case SESSION_LIMIT_REACHED -> Code.RESOURCE_EXHAUSTED;
      // too-many-open-imports: the gateway answers 422, as for too many webhook endpoints.
      case BATCH_DIFFERS, IMPORT_COMPLETED, LINE_NUMBERS_OVERLAP, TOO_MANY_OPEN_IMPORTS -> Code.FAILED_PRECONDITION;
      // The gateway answers these two with 422.
      case IDENTITY_NOT_CONFIRMED, GUARDIAN_REQUIRED -> Code.FAILED_PRECONDITION;
      case VERIFICATION_ALREADY_USED, ACCOUNT_ALREADY_REGISTERED, ACCOUNT_LIMIT_REACHED -> Code.ALREADY_EXISTS;
      // Only a grant decides what is released; a refused one releases nothing.
      case GRANT_REFUSED -> Code.PERMISSION_DENIED;
      // With RetryInfo: the gateway answers 429 with Retry-After.
      case TOO_MANY_FAILED_CONFIRMATIONS, CONFIRMATION_IN_PROGRESS, RATE_LIMITED, IMPORT_BACKLOG_FULL ->
          Code.RESOURCE_EXHAUSTED;
      case STORE_UNAVAILABLE, REGISTER_UNAVAILABLE -> Code.UNAVAILABLE;
    };
    return RefusalStatus.of(code, e.reason().code(), e.getMessage()).metadata(e.details()).field(e.field())
        .retryAfter(e.retryAfter()).toException();
  }

  /** A dependency could not answer: worth a log line (with the cause), unlike a refusal. */
  static boolean isOutage(IdentityException e) {
    return e.reason() == FailureReason.STORE_UNAVAILABLE || e.reason() == FailureReason.REGISTER_UNAVAILABLE;
  }
}
