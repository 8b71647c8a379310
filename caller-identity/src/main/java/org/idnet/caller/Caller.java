package org.idnet.caller;

import io.grpc.Context;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the token's subject, the client id ({@code azp}, which is the platform or
 * carrier id), the agency of agency staff, and the realm roles. Built by the gateway from a
 * verified JWT, or by an idnet service for its own internal calls.
 */
public record Caller(String subject, String clientId, String agencyId, Set<String> roles) {

  static final Context.Key<Caller> CONTEXT_KEY = Context.key("idnet-caller");

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
  }

  /** The caller of the gRPC call in progress; only valid inside a handler behind {@link CallerServerInterceptor}. */
  public static Caller current() {
    Caller caller = CONTEXT_KEY.get();
    if (caller == null) {
      throw new IllegalStateException("no caller in this gRPC context: is CallerServerInterceptor installed?");
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
