package org.idnet.caller;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import org.idnet.api.v1.AccessPolicy;

/**
 * The service side of caller identity and access policy. For every call it verifies the signed
 * caller from the metadata, puts it into the gRPC {@link Context} ({@link Caller#current()}), and
 * enforces the method's {@code (idnet.api.v1.access)} policy from the proto contract: a method
 * without a policy is denied, whoever calls. This is the same policy the gateway enforces, so a
 * caller that skips the gateway gets the same answer.
 */
public final class CallerServerInterceptor implements ServerInterceptor {

  /** Infrastructure services that carry no access policy and need no caller. */
  private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");

  private final CallerCodec codec;

  public CallerServerInterceptor(CallerCodec codec) {
    this.codec = codec;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Optional<AccessPolicy> policy = AccessPolicies.of(call.getMethodDescriptor());
    if (policy.isEmpty()) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("method has no access policy"));
    }
    String encoded = headers.get(CallerMetadata.CALLER);
    if (encoded == null && policy.get().getPublic()) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = codec.verify(encoded, headers.get(CallerMetadata.SIGNATURE));
    } catch (InvalidCallerException e) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
    }
    if (!policy.get().getPublic() && !caller.hasAnyRole(policy.get().getRolesList())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("caller lacks the role this method needs"));
    }
    Context context = Context.current().withValue(Caller.CONTEXT_KEY, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {
    };
  }
}
