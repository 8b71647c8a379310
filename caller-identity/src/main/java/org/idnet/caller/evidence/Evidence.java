package org.idnet.caller.evidence;

import io.grpc.Context;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An official's own access token whose signature verified against the issuer's keys, with the
 * claims idnet reads from it (the claim layout of the gateway's {@code TokenCaller}).
 *
 * @param token the JWT exactly as the official sent it: kept as evidence and passed on, never logged
 * @param official {@code preferred_username} ({@code service-account-<azp>} when absent)
 * @param clientId {@code azp}
 * @param agencyId {@code agency_id}, empty when absent
 * @param roles the realm roles, without {@code internal:} ones (no token may claim those)
 * @param authTime {@code auth_time}: when the person last logged in (typed password and code);
 *     null when absent (client-credential tokens have none)
 * @param authenticationMethods {@code amr}: how they logged in ({@code pwd}, {@code otp}); empty
 *     when absent
 * @param officialNamed whether the token itself carried {@code preferred_username} (false when
 *     {@code official} is the stand-in {@code service-account-<azp>})
 */
public record Evidence(String token, String official, String clientId, String agencyId, Set<String> roles,
    Instant issuedAt, Instant expiresAt, Instant authTime, Set<String> authenticationMethods, boolean officialNamed) {

  /** Keycloak's name for a client acting for itself: {@code service-account-<client id>}. */
  public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
  /** The agency console's client (docs/pages.md 4.1): its tokens are always people's logins. */
  public static final String CONSOLE_CLIENT = "idnet-console";

  static final Context.Key<Evidence> CONTEXT_KEY = Context.key("idnet-evidence");

  public Evidence {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(official, "official");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
    authenticationMethods = authenticationMethods == null ? Set.of() : Set.copyOf(authenticationMethods);
  }

  public Evidence(String token, String official, String clientId, String agencyId, Set<String> roles,
      Instant issuedAt, Instant expiresAt) {
    this(token, official, clientId, agencyId, roles, issuedAt, expiresAt, null, Set.of(), false);
  }

  /**
   * Whether the token is a client's own (client credentials: Keycloak names its user
   * {@code service-account-<azp>} in {@code preferred_username}), not a person's login. Only a name
   * the token itself carried counts (a person's token without one is not a client's), and never
   * for the console's client, whose tokens are people's (a user named
   * {@code service-account-idnet-console} is a person).
   */
  public boolean serviceAccount() {
    return officialNamed && !CONSOLE_CLIENT.equals(clientId) && official.equals(SERVICE_ACCOUNT_PREFIX + clientId);
  }

  /** The verified evidence of the call in progress, on a method whose policy asks for evidence. */
  public static Optional<Evidence> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  public boolean hasAnyRole(Collection<String> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }

  @Override
  public String toString() {
    // The token is a bearer credential: never in a log line.
    return "Evidence[official=" + official + ", clientId=" + clientId + ", agencyId=" + agencyId + ", roles=" + roles
        + ", issuedAt=" + issuedAt + ", authTime=" + authTime + ", amr=" + authenticationMethods
        + ", officialNamed=" + officialNamed + "]";
  }
}
