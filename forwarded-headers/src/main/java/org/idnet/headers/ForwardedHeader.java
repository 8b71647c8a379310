package org.idnet.headers;

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
 * An HTTP header the gateway forwards to a service as gRPC metadata of the same name, and the
 * service's interceptor that hands it to the handler through the gRPC Context ({@link #current}).
 * The handler validates it, so a bad value is refused like any other bad input.
 */
public final class ForwardedHeader implements ServerInterceptor {

  /**
   * {@code Idempotency-Key} (api.md; its form: {@link IdempotencyKeys}). Sent twice is as bad as
   * malformed: the handler sees the empty value, which fails validation.
   */
  public static final ForwardedHeader IDEMPOTENCY_KEY = new ForwardedHeader("idempotency-key", false);

  /**
   * {@code If-Match}, as received: the use case compares it with the resource's current version.
   * Several values are one list, as HTTP combines repeated headers.
   */
  public static final ForwardedHeader IF_MATCH = new ForwardedHeader("if-match", true);

  /**
   * {@code Idnet-Session}: {@code <sessionId>.<secret>} of a hosted session (docs/pages.md section 3),
   * sent by idnet's own pages on the hosted-pages methods. Sent twice is as bad as malformed.
   */
  public static final ForwardedHeader IDNET_SESSION = new ForwardedHeader("idnet-session", false);

  private final Metadata.Key<String> metadata;
  private final Context.Key<String> context;
  private final boolean repeatsJoin;

  private ForwardedHeader(String name, boolean repeatsJoin) {
    this.metadata = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    this.context = Context.key("idnet-" + name);
    this.repeatsJoin = repeatsJoin;
  }

  /** The gRPC metadata the gateway puts the header in. */
  public Metadata.Key<String> metadataKey() {
    return metadata;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Iterable<String> values = headers.getAll(metadata);
    if (values == null) {
      return next.startCall(call, headers);
    }
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    String value = repeatsJoin ? String.join(",", all) : all.size() == 1 ? all.get(0) : "";
    return Contexts.interceptCall(Context.current().withValue(context, value), call, headers, next);
  }

  /** The header of the call in progress, as sent; empty when the caller sent none. */
  public Optional<String> current() {
    return Optional.ofNullable(context.get());
  }

  @Override
  public String toString() {
    return "ForwardedHeader[" + metadata.name() + "]";
  }
}
