package org.idnet.disclosure.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Refusal;
import org.idnet.grpc.errors.Throwables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status every refusal answers, as the gateway and api.md expect: a code, a description safe
 * for the public, an {@code ErrorInfo} with the stable reason and, when one field is at fault, a
 * {@code BadRequest} naming it (lowerCamelCase JSON path).
 */
public final class GrpcErrors {

  public static final String DOMAIN = "idnet.org";

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  /**
   * disclosure-service's refusals for the shared {@link org.idnet.grpc.errors.ErrorMappingInterceptor};
   * a store outage is worth a log line with its cause, a refusal is not.
   */
  public static StatusRuntimeException refusal(String method, RuntimeException e) {
    if (!(e instanceof DisclosureException refusal)) {
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
    com.google.rpc.Status.Builder status = status(code, e.getMessage(), e.refusal().code());
    e.field().ifPresent(field -> status.addDetails(Any.pack(BadRequest.newBuilder()
        .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(e.getMessage()))
        .build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }


  private static com.google.rpc.Status.Builder status(Code code, String message, String reason) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
  }
}
