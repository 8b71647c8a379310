package org.idnet.disclosure.api;

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
 * Hands the {@code if-match} metadata (the gateway forwards the HTTP If-Match header there, as
 * received) to the handler through the gRPC context; the use case compares it with the request's
 * digest. Several values are one list, as HTTP combines repeated headers.
 */
public final class IfMatchInterceptor implements ServerInterceptor {

  public static final Metadata.Key<String> METADATA = Metadata.Key.of("if-match", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> KEY = Context.key("idnet-if-match");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Iterable<String> values = headers.getAll(METADATA);
    if (values == null) {
      return next.startCall(call, headers);
    }
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    return Contexts.interceptCall(Context.current().withValue(KEY, String.join(",", all)), call, headers, next);
  }

  /** The If-Match of the call in progress, as sent; empty when the caller sent none. */
  public static Optional<String> current() {
    return Optional.ofNullable(KEY.get());
  }
}
