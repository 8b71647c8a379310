package org.idnet.gateway.transcoding;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import reactor.core.publisher.Mono;

/**
 * Calls a gRPC method with dynamic messages over the backend's shared channel, with a deadline
 * on every call. Business errors come back as {@link StatusRuntimeException}; a backend that does
 * not answer (unavailable, deadline exceeded, a connection that died mid-answer) comes back as
 * {@link BackendFailureException}, which is what the circuit breaker counts and a retry of a read
 * may repeat.
 */
public final class GrpcInvoker {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GrpcInvoker.class);
  private static final long BROKEN_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final java.util.concurrent.atomic.AtomicLong lastBrokenLog =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - BROKEN_LOG_EVERY_NANOS - 1);

  private final Map<MethodDescriptor, io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage>> methods =
      new ConcurrentHashMap<>();

  /**
   * @param caller the caller of a verified token, stated to the service in {@code x-idnet-caller}
   *     (the mutual-TLS channel is what makes the statement the gateway's); null for public routes
   * @param headers metadata passed on from the HTTP request (Idempotency-Key, If-Match, the
   *     official's token as evidence); null or empty for none
   */
  public Mono<DynamicMessage> call(Backend backend, MethodDescriptor method, DynamicMessage request,
      Caller caller, Metadata headers) {
    return Mono.defer(() -> {
      CallOptions options = CallOptions.DEFAULT
          .withDeadlineAfter(backend.deadline().toMillis(), TimeUnit.MILLISECONDS);
      Channel channel = backend.channel();
      Metadata metadata = caller == null ? new Metadata() : CallerMetadata.of(caller);
      if (headers != null) {
        metadata.merge(headers);
      }
      if (!metadata.keys().isEmpty()) {
        channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
      }
      var future = ClientCalls.futureUnaryCall(channel.newCall(grpcMethod(method), options), request);
      return Mono.<DynamicMessage>create(sink -> {
        sink.onCancel(() -> future.cancel(true));
        Futures.addCallback(future, new FutureCallback<>() {
          @Override
          public void onSuccess(DynamicMessage result) {
            sink.success(result);
          }

          @Override
          public void onFailure(Throwable t) {
            sink.error(classify(backend, t));
          }
        }, MoreExecutors.directExecutor());
      });
    });
  }

  static Throwable classify(Backend backend, Throwable t) {
    Status status = Status.fromThrowable(t);
    return switch (status.getCode()) {
      // An UNAVAILABLE that carries details was written by the service itself (e.g. its store is
      // down): the service answered, so it is a business answer, not a broken backend.
      case UNAVAILABLE -> hasDetails(t) ? t : new BackendFailureException.Unavailable(backend.name(), status);
      case DEADLINE_EXCEEDED -> new BackendFailureException(backend.name(), status);
      case INTERNAL, UNKNOWN -> brokenConnection(t, status) ? brokeMidAnswer(backend, status)
          : t instanceof StatusRuntimeException ? t : status.asRuntimeException();
      default -> t instanceof StatusRuntimeException ? t : status.asRuntimeException();
    };
  }

  /**
   * Whether an INTERNAL or UNKNOWN is the connection dying in the middle of the answer (a killed
   * process: grpc-java's "Encountered end-of-stream mid-frame", an HTTP/2 or I/O error) rather
   * than a bug. Every idnet service sends its own errors with an ErrorInfo (reason "internal" for
   * a bug of its own), so one with details is the service's answer; one whose cause is anything
   * but the transport's (an answer the gateway could not read, say) is a bug here, a 500.
   */
  static boolean brokenConnection(Throwable t, Status status) {
    if (!(t instanceof StatusRuntimeException) || hasDetails(t)) {
      return false;
    }
    if (status.getCause() == null) {
      // Made by grpc-java without a cause: the stream ended in the middle of a message.
      return true;
    }
    for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof com.google.protobuf.InvalidProtocolBufferException) {
        // An answer that arrived but could not be read: not the connection.
        return false;
      }
      if (cause instanceof java.io.IOException || isHttp2Error(cause)) {
        return true;
      }
    }
    return false;
  }

  /** Netty's HTTP/2 errors (grpc-java shades Netty, so they are known by name). */
  private static boolean isHttp2Error(Throwable cause) {
    for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getSimpleName().equals("Http2Exception")) {
        return true;
      }
    }
    return false;
  }

  private static BackendFailureException brokeMidAnswer(Backend backend, Status status) {
    long now = System.nanoTime();
    long last = lastBrokenLog.get();
    if (now - last > BROKEN_LOG_EVERY_NANOS && lastBrokenLog.compareAndSet(last, now)) {
      log.warn("{}: the connection broke in the middle of an answer ({} {}); answered as unavailable "
          + "(logged at most every 10 s)", backend.name(), status.getCode(), status.getDescription());
    }
    return new BackendFailureException.Unavailable(backend.name(), status);
  }

  private static boolean hasDetails(Throwable t) {
    return io.grpc.protobuf.StatusProto.fromThrowable(t) != null
        && !io.grpc.protobuf.StatusProto.fromThrowable(t).getDetailsList().isEmpty();
  }

  private io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(MethodDescriptor method) {
    return methods.computeIfAbsent(method, m -> io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(m.getService().getFullName(), m.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
        .build());
  }
}
