package org.idnet.admin.onboarding;

/** Where idnet's clients live (Keycloak): creating and removing them. */
public interface ClientRegistry {

  boolean exists(ClientId id);

  /**
   * Creates the client with its service account and role, and returns the secret generated for it.
   * All or nothing: when a step fails, what this call created is removed before it throws.
   *
   * @throws OnboardingException CONFLICT if the id is taken, FAILED otherwise
   */
  Secret create(ServiceClient client);

  /** Removes a client and its service account (to undo a creation). */
  void remove(ClientId id);
}
