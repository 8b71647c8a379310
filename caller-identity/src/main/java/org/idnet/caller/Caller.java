package org.idnet.caller;

import io.grpc.Context;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Who a call is for: the token's subject, the client id ({@code azp}, which is the platform or
 * carrier id), the agency of agency staff, and the realm roles. Stated only by the gateway, from a
 * JWT it verified; a service trusts the statement because the connection's mutual-TLS peer is the
 * gateway ({@link CallerServerInterceptor}). idnet's own services never make one: on their calls
 * to each other the {@link Peer} is the whole identity.
 */
public record Caller(String subject, String clientId, String agencyId, Set<String> roles) {

  static final Context.Key<Caller> CONTEXT_KEY = Context.key("idnet-caller");

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
  }

  /**
   * The caller of the gRPC call in progress; only valid inside a handler behind {@link
   * CallerServerInterceptor}, on a method the gateway calls for a caller (not on a public call
   * without token, nor on a service-to-service call).
   */
  public static Caller current() {
    Caller caller = CONTEXT_KEY.get();
    if (caller == null) {
      throw new IllegalStateException("no caller in this gRPC context: is CallerServerInterceptor installed, "
          + "and is this a method the gateway calls for a caller?");
    }
    return caller;
  }

  public boolean hasAnyRole(Collection<String> wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** The platform id of a platform caller: the client id of its token. */
  public String platformId() {
    return clientId;
  }
}
