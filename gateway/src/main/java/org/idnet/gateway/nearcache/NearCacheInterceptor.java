package org.idnet.gateway.nearcache;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Set;
import org.idnet.caller.CallerMetadata;

/**
 * The near cache at the one place it may stand: in front of the backend call and nothing else.
 * By the time a call reaches the channel the gateway has verified the token, applied the route's
 * policy and rate limit and passed the circuit breaker, on the hot path and on the general one
 * alike; a hit replaces only the gRPC round trip. Only the configured unary methods are kept, and
 * only calls that carry nothing but the caller (no Idempotency-Key, no evidence...).
 */
public final class NearCacheInterceptor implements ClientInterceptor {

  private final NearCache cache;
  private final Set<String> methods;

  /** @param methods full gRPC method names whose answers are kept, e.g. {@code pkg.Service/Method} */
  public NearCacheInterceptor(NearCache cache, Set<String> methods) {
    this.cache = cache;
    this.methods = Set.copyOf(methods);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (method.getType() != MethodDescriptor.MethodType.UNARY || !methods.contains(method.getFullMethodName())) {
      return next.newCall(method, options);
    }
    return new NearCachedCall<>(cache, method, options, next);
  }

  /** The caller key of the metadata a call starts with, or null when the call carries anything else. */
  static String callerOnly(io.grpc.Metadata headers) {
    Set<String> keys = headers.keys();
    if (keys.size() != 1 || !keys.contains(CallerMetadata.CALLER.name())) {
      return null;
    }
    return headers.get(CallerMetadata.CALLER);
  }
}
