package org.idnet.disclosure.api;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import org.idnet.disclosure.audit.domain.AuditStoreUnavailableException;
import org.idnet.disclosure.audit.domain.InvalidAuditQueryException;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Refusal;
import org.idnet.grpc.errors.RefusalStatus;
import org.idnet.grpc.errors.Throwables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status every refusal answers, as the gateway and api.md expect: a code, a description safe
 * for the public, an {@code ErrorInfo} with the stable reason and, when one field is at fault, a
 * {@code BadRequest} naming it (lowerCamelCase JSON path).
 */
public final class GrpcErrors {

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  /**
   * disclosure-service's refusals for the shared {@link org.idnet.grpc.errors.ErrorMappingInterceptor};
   * a store outage is worth a log line with its cause, a refusal is not. The audit feature's own
   * exceptions answer in the same vocabulary (invalid-request naming the field, store-unavailable).
   */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    DisclosureException refusal = switch (e) {
      case DisclosureException own -> own;
      case InvalidAuditQueryException query -> DisclosureException.invalid(query.field(), query.getMessage());
      case AuditStoreUnavailableException outage -> DisclosureException.storeUnavailable(outage.getCause());
      default -> null;
    };
    if (refusal == null) {
      return null;
    }
    if (refusal.refusal() == Refusal.STORE_UNAVAILABLE) {
      log.warn("{}: store unavailable: {}", method, Throwables.summary(refusal.getCause()));
    }
    return toStatus(refusal);
  }

  public static StatusRuntimeException toStatus(DisclosureException e) {
    Code code = switch (e.refusal().kind()) {
      case INVALID -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case DENIED -> Code.PERMISSION_DENIED;
      // The gateway tells 409, 410 and 422 apart by the reason.
      case PRECONDITION -> Code.FAILED_PRECONDITION;
      case UNAVAILABLE -> Code.UNAVAILABLE;
    };
    return RefusalStatus.of(code, e.refusal().code(), e.getMessage()).field(e.field()).toException();
  }
}
