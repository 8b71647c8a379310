package org.idnet.grpc.errors;

import com.google.rpc.Code;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a handler throws to its gRPC status, in one place: the service's refusals through its
 * {@link RefusalMapper}, a status a handler built itself as it is, anything else a generic INTERNAL
 * (reason {@code internal}) whose description says nothing. Logs name exception types and code
 * locations only ({@link Throwables}), since exception messages may quote personal data.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

  private final RefusalMapper refusals;

  public ErrorMappingInterceptor(RefusalMapper refusals) {
    this.refusals = refusals;
  }

  /** The answer to an unexpected failure: nothing about it leaves the service. */
  public static StatusRuntimeException internal() {
    return RefusalStatus.of(Code.INTERNAL, "internal", "internal error").toException();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException e) {
      close(call, e);
      return new ServerCall.Listener<>() {
      };
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          close(call, e);
        }
      }

      @Override
      public void onHalfClose() {
        // Unary handlers run here.
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          close(call, e);
        }
      }
    };
  }

  private void close(ServerCall<?, ?> call, RuntimeException e) {
    StatusRuntimeException status = map(call.getMethodDescriptor().getFullMethodName(), e);
    Metadata trailers = status.getTrailers() == null ? new Metadata() : status.getTrailers();
    call.close(status.getStatus(), trailers);
  }

  /** The status for what a handler of {@code method} threw. */
  public StatusRuntimeException map(String method, RuntimeException e) {
    StatusRuntimeException refusal = refusals.map(method, e);
    if (refusal != null) {
      return refusal;
    }
    if (e instanceof StatusRuntimeException status && status.getStatus().getCode() != Status.Code.UNKNOWN) {
      return status;
    }
    log.error("{}: unexpected failure: {}", method, Throwables.summary(e));
    return internal();
  }
}
