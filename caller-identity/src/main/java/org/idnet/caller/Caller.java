package org.idnet.caller;

import io.grpc.Context;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who a call is for: the token's subject, the client id ({@code azp}, which is the platform or
 * carrier id), the agency of agency staff, and the realm roles. Stated only by the gateway, from a
 * JWT it verified; a service trusts the statement because the connection's mutual-TLS peer is the
 * gateway ({@link CallerServerInterceptor}). idnet's own services never make one: on their calls
 * to each other the {@link Peer} is the whole identity.
 *
 * <p>A hosted session (docs/pages.md section 3) is stated as its platform, with {@code sessionId}
 * and {@code accountScope} set: the accounts it may act for, the session's account first, then the
 * guardian the platform named. Both are empty for every other caller. A service acts for a session
 * caller only on methods whose policy has {@code hosted} ({@link CallerServerInterceptor}) and only
 * for the accounts of its scope (each service's own rule).
 */
public record Caller(String subject, String clientId, String agencyId, Set<String> roles, String sessionId,
    List<String> accountScope) {

  static final Context.Key<Caller> CONTEXT_KEY = Context.key("idnet-caller");

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
    sessionId = sessionId == null ? "" : sessionId;
    accountScope = accountScope == null ? List.of() : List.copyOf(accountScope);
    if (sessionId.isEmpty() != accountScope.isEmpty()) {
      throw new IllegalArgumentException("a hosted session caller has both a session id and an account scope");
    }
  }

  /** A caller without a hosted session: a platform, carrier or official as its token says. */
  public Caller(String subject, String clientId, String agencyId, Set<String> roles) {
    this(subject, clientId, agencyId, roles, "", List.of());
  }

  /** The caller acts within a hosted session: only for the accounts of {@link #accountScope()}. */
  public boolean inHostedSession() {
    return !sessionId.isEmpty();
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
