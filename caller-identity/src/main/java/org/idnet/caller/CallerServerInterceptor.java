package org.idnet.caller;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.idnet.api.v1.AccessPolicy;

/**
 * The service side of access policy. For every call it takes the {@link Peer} from the mutual-TLS
 * session and lets it in only if the method's {@code (idnet.api.v1.access)} policy names it
 * ({@code peers}; none named means the gateway alone). On the gateway's calls it reads the caller
 * the gateway states ({@link CallerMetadata}) and checks its roles, as the gateway did; a caller
 * from any other peer is refused, since only the gateway speaks for platforms and officials. Both
 * go into the gRPC {@link Context} ({@link Peer#current()}, {@link Caller#current()}). A method
 * without a policy is denied, whoever calls.
 */
public final class CallerServerInterceptor implements ServerInterceptor {

  /** Infrastructure services that carry no access policy: any peer the TLS layer let in may ask. */
  private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");
  private static final List<String> GATEWAY_ONLY = List.of(Peer.GATEWAY);

  private final PeerResolver peers;

  /** @param peers {@link PeerResolver#mutualTls()} in production */
  public CallerServerInterceptor(PeerResolver peers) {
    this.peers = peers;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Optional<AccessPolicy> found = AccessPolicies.of(call.getMethodDescriptor());
    if (found.isEmpty()) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("method has no access policy"));
    }
    AccessPolicy policy = found.get();
    Optional<Peer> peer = peers.peer(call, headers);
    if (peer.isEmpty()) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription("no idnet peer identity on this connection"));
    }
    List<String> allowed = policy.getPeersCount() == 0 ? GATEWAY_ONLY : policy.getPeersList();
    if (!allowed.contains(peer.get().service())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(
          "peer " + peer.get().service() + " may not call this method"));
    }
    Context context = Context.current().withValue(Peer.CONTEXT_KEY, peer.get());
    String encoded = headers.get(CallerMetadata.CALLER);
    if (!peer.get().isGateway()) {
      if (encoded != null) {
        return refuse(call, Status.PERMISSION_DENIED.withDescription(
            "only the gateway states a caller; " + peer.get().service() + " calls as itself"));
      }
      return Contexts.interceptCall(context, call, headers, next);
    }
    if (encoded == null) {
      // Public, or a method the gateway calls as itself: it names itself among the peers and the
      // policy names no roles (roles mean a caller the gateway speaks for, which must be stated).
      if (policy.getPublic() || policy.getPeersList().contains(Peer.GATEWAY) && policy.getRolesCount() == 0) {
        return Contexts.interceptCall(context, call, headers, next);
      }
      return refuse(call, Status.UNAUTHENTICATED.withDescription("no caller identity"));
    }
    Caller caller;
    try {
      caller = CallerMetadata.decode(encoded);
    } catch (InvalidCallerException e) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
    }
    if (!policy.getPublic() && !caller.hasAnyRole(policy.getRolesList())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("caller lacks the role this method needs"));
    }
    if (caller.inHostedSession() && !policy.getHosted()) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("a hosted session may not call this method"));
    }
    return Contexts.interceptCall(context.withValue(Caller.CONTEXT_KEY, caller), call, headers, next);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {
    };
  }
}
