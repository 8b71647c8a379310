package org.idnet.otp.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands the {@code idempotency-key} metadata (the gateway forwards the HTTP Idempotency-Key header
 * there) to the handler through the gRPC context; the handler validates it, so a bad key is refused
 * like any other bad input. The same contract as disclosure-service's interceptor of this name.
 */
public final class IdempotencyKeyInterceptor implements ServerInterceptor {

  public static final Metadata.Key<String> METADATA = Metadata.Key.of("idempotency-key",
      Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> KEY = Context.key("idnet-idempotency-key");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Iterable<String> values = headers.getAll(METADATA);
    if (values == null) {
      return next.startCall(call, headers);
    }
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    // Sent twice is as bad as malformed: the empty value fails validation.
    String value = all.size() == 1 ? all.get(0) : "";
    return Contexts.interceptCall(Context.current().withValue(KEY, value), call, headers, next);
  }

  /** The key of the call in progress, as sent; empty when the caller sent none. */
  public static Optional<String> current() {
    return Optional.ofNullable(KEY.get());
  }
}
