package org.idnet.disclosure.api;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import org.idnet.disclosure.audit.domain.AuditStoreUnavailableException;
import org.idnet.disclosure.audit.domain.InvalidAuditQueryException;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Refusal;
import org.idnet.grpc.errors.RefusalMapper;
import org.idnet.grpc.errors.RefusalStatus;

/**
 * The status every refusal answers, as the gateway and api.md expect: a code, a description safe
 * for the public, an {@code ErrorInfo} with the stable reason and, when one field is at fault, a
 * {@code BadRequest} naming it (lowerCamelCase JSON path).
 */
public final class GrpcErrors {

  /** A store outage, or a commit that failed, is worth a log line with its cause. */
  private static final RefusalMapper REFUSALS = RefusalMapper.of(DisclosureException.class, GrpcErrors::toStatus,
      e -> e.refusal() == Refusal.STORE_UNAVAILABLE || e.refusal() == Refusal.OUTCOME_UNKNOWN,
      e -> e.refusal().code());

  private GrpcErrors() {
  }

  /**
   * disclosure-service's refusals for the shared {@link org.idnet.grpc.errors.ErrorMappingInterceptor}.
   * The audit feature's own exceptions answer in the same vocabulary (invalid-request naming the
   * field, store-unavailable).
   */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    RuntimeException refusal = switch (e) {
      case InvalidAuditQueryException query -> DisclosureException.invalid(query.field(), query.getMessage());
      case AuditStoreUnavailableException outage -> DisclosureException.storeUnavailable(outage.getCause());
      default -> e;
    };
    return REFUSALS.map(method, refusal);
  }

  public static StatusRuntimeException toStatus(DisclosureException e) {
    Code code = switch (e.refusal().kind()) {
      case INVALID -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case DENIED -> Code.PERMISSION_DENIED;
      // The gateway tells 409, 410 and 422 apart by the reason.
      case PRECONDITION -> Code.FAILED_PRECONDITION;
      case UNAVAILABLE -> Code.UNAVAILABLE;
      // gRPC's code for "the operation may have completed" (504 at the gateway); no RetryInfo.
      case OUTCOME_UNKNOWN -> Code.DEADLINE_EXCEEDED;
    };
    return RefusalStatus.of(code, e.refusal().code(), e.getMessage()).field(e.field()).toException();
  }
}
