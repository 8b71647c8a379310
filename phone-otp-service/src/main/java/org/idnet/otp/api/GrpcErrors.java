package org.idnet.otp.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.function.Supplier;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain refusals into gRPC statuses with {@code google.rpc} details (ErrorInfo reason,
 * BadRequest field, RetryInfo) that the gateway maps to problem+json. Anything unexpected becomes
 * INTERNAL with a generic description; the details stay in the log.
 */
public final class GrpcErrors {

  static final String DOMAIN = "idnet.org";
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  /** Completes a unary call with what {@code work} returns, or with the mapped error. */
  public static <T> void respond(StreamObserver<T> observer, Supplier<T> work) {
    T response;
    try {
      response = work.get();
    } catch (OtpException e) {
      observer.onError(toStatus(e));
      return;
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      LOG.error("unexpected failure", e);
      observer.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
          .setCode(Code.INTERNAL_VALUE).setMessage("internal error").build()));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  public static StatusRuntimeException toStatus(OtpException e) {
    Status.Builder status = Status.newBuilder()
        .setCode(code(e.reason()).getNumber())
        .setMessage(e.getMessage())
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(e.reason().code()).setDomain(DOMAIN).build()));
    e.field().ifPresent(field -> status.addDetails(Any.pack(BadRequest.newBuilder()
        .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(e.getMessage()))
        .build())));
    e.retryAfter().ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
        .setRetryDelay(duration(delay)).build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }

  static Code code(FailureReason reason) {
    return switch (reason) {
      case INVALID_PHONE_NUMBER, INVALID_ACCOUNT_ID, INVALID_CODE -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case VERIFICATION_CLOSED -> Code.FAILED_PRECONDITION;
      case VERIFICATION_IN_PROGRESS -> Code.ABORTED;
      case RESEND_TOO_SOON, SEND_LIMIT_REACHED, RATE_LIMITED, TOO_MANY_FAILED_CHECKS -> Code.RESOURCE_EXHAUSTED;
      case STORE_UNAVAILABLE, SMS_UNAVAILABLE, IDENTITY_UNAVAILABLE -> Code.UNAVAILABLE;
    };
  }

  private static com.google.protobuf.Duration duration(Duration d) {
    // Round up: "retry after 0 s" while the limit still holds would invite a useless retry.
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return com.google.protobuf.Duration.newBuilder().setSeconds(seconds).build();
  }
}
