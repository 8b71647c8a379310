package org.idnet.admin.onboarding;

import java.util.Set;

/**
 * The deny-list every gateway holds in memory: a client on it is refused at once, whatever tokens it
 * still has. Each change is pushed to the gateways.
 */
public interface DenyList {

  /** Adds the client and tells the gateways; returns how many gateways were listening. */
  long deny(ClientId id);

  /** Removes the client and tells the gateways; returns how many gateways were listening. */
  long allow(ClientId id);

  /**
   * The ids on the list, sorted.
   *
   * @throws OnboardingException FAILED when the list cannot be read
   */
  Set<String> members();
}
