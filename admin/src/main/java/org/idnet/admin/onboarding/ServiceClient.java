package org.idnet.admin.onboarding;

import java.util.Objects;
import java.util.Optional;

/**
 * A client to create: confidential, client-credentials only, its service account holding exactly
 * one API role, and for agency staff an {@code agency_id} claim fixed on the client.
 *
 * @param id the client id ({@code azp})
 * @param name a display name for the admin console
 * @param role the one realm role of its service account
 * @param agency the agency whose staff it is, for the agency roles only
 */
public record ServiceClient(ClientId id, String name, ApiRole role, Optional<AgencyId> agency) {

  public ServiceClient {
    Objects.requireNonNull(id);
    Objects.requireNonNull(role);
    name = name == null || name.isBlank() ? id.value() : name.strip();
    if (name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
      throw OnboardingException.invalid("invalid name: at most 255 characters, no control characters");
    }
    boolean agencyRole = role == ApiRole.AGENCY_OFFICER || role == ApiRole.AGENCY_SUPERVISOR;
    if (agencyRole != agency.isPresent()) {
      throw new IllegalArgumentException("an agency id goes with the agency roles, and only with them: " + id);
    }
  }

  public static ServiceClient of(ClientId id, String name, ApiRole role) {
    return new ServiceClient(id, name, role, Optional.empty());
  }
}
