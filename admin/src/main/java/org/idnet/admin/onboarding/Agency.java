package org.idnet.admin.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agency's clients: officers {@code <agency>-officer-<n>} who file disclosure requests and
 * supervisors {@code <agency>-supervisor-<n>} who approve them. An agency needs both (a request is
 * approved by a second official), so each count is at least one.
 */
public record Agency(AgencyId id, int officers, int supervisors) {

  /** More would be a typo more likely than an agency; a larger one is onboarded in steps by hand. */
  public static final int MAX_PER_ROLE = 50;

  public Agency {
    count(officers, "--officers");
    count(supervisors, "--supervisors");
  }

  /** The clients to create, officers first; every id is checked (a long agency id can make one too long). */
  public List<ServiceClient> clients() {
    List<ServiceClient> clients = new ArrayList<>();
    for (int n = 1; n <= officers; n++) {
      clients.add(client("officer", n, ApiRole.AGENCY_OFFICER));
    }
    for (int n = 1; n <= supervisors; n++) {
      clients.add(client("supervisor", n, ApiRole.AGENCY_SUPERVISOR));
    }
    return clients;
  }

  private ServiceClient client(String kind, int n, ApiRole role) {
    String value = id.value() + "-" + kind + "-" + n;
    if (value.length() > 63) {
      throw OnboardingException.invalid("agency id '" + id + "' is too long: its client '" + value
          + "' would exceed 63 characters");
    }
    return new ServiceClient(new ClientId(value), id + " " + kind + " " + n, role, Optional.of(id));
  }

  private static void count(int value, String option) {
    if (value < 1 || value > MAX_PER_ROLE) {
      throw OnboardingException.invalid(option + " must be between 1 and " + MAX_PER_ROLE + "; was " + value);
    }
  }
}
