package org.idnet.disclosure.api;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a handler throws to its gRPC status, in one place for every service of
 * disclosure-service: refusals to their code and reason, a status a handler built itself as it is,
 * anything else to a generic INTERNAL. Logs name exception types and code locations only, since
 * exception messages (from drivers, for instance) may quote personal data.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

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

  private static void close(ServerCall<?, ?> call, RuntimeException e) {
    StatusRuntimeException status = map(call.getMethodDescriptor().getFullMethodName(), e);
    Metadata trailers = status.getTrailers() == null ? new Metadata() : status.getTrailers();
    call.close(status.getStatus(), trailers);
  }

  static StatusRuntimeException map(String method, RuntimeException e) {
    if (e instanceof DisclosureException refusal) {
      if (refusal.refusal() == Refusal.STORE_UNAVAILABLE) {
        log.warn("{}: store unavailable: {}", method, Throwables.summary(refusal.getCause()));
      }
      return GrpcErrors.toStatus(refusal);
    }
    if (e instanceof StatusRuntimeException status && status.getStatus().getCode() != Status.Code.UNKNOWN) {
      return status;
    }
    log.error("{}: unexpected failure: {}", method, Throwables.summary(e));
    return GrpcErrors.internal();
  }
}
