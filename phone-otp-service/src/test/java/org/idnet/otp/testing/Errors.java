package org.idnet.otp.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Reads the google.rpc details of a gRPC error the way the gateway does. */
public final class Errors {

  private Errors() {
  }

  public static StatusRuntimeException failure(Executable call) {
    try {
      call.execute();
    } catch (StatusRuntimeException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected a gRPC error, got " + t, t);
    }
    throw new AssertionError("expected a gRPC error, but the call succeeded");
  }

  public static Status.Code code(StatusRuntimeException e) {
    return e.getStatus().getCode();
  }

  public static String reason(StatusRuntimeException e) {
    return detail(e, ErrorInfo.class).map(ErrorInfo::getReason).orElse(null);
  }

  public static String domain(StatusRuntimeException e) {
    return detail(e, ErrorInfo.class).map(ErrorInfo::getDomain).orElse(null);
  }

  public static Optional<String> badField(StatusRuntimeException e) {
    return detail(e, BadRequest.class).map(b -> b.getFieldViolations(0).getField());
  }

  public static Optional<Duration> retryDelay(StatusRuntimeException e) {
    return detail(e, RetryInfo.class).map(r -> Duration.ofSeconds(r.getRetryDelay().getSeconds(), r.getRetryDelay().getNanos()));
  }

  private static <T extends com.google.protobuf.Message> Optional<T> detail(StatusRuntimeException e, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException ex) {
          throw new AssertionError(ex);
        }
      }
    }
    return Optional.empty();
  }
}
