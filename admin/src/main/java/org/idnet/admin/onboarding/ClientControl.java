package org.idnet.admin.onboarding;

/** Changing an existing client in Keycloak. Both throw NOT_FOUND for an unknown id. */
public interface ClientControl {

  /** A new secret; the old one stops working at once. */
  Secret rotateSecret(ClientId id);

  /** A disabled client gets no new token (those issued stay valid until they expire). */
  void setEnabled(ClientId id, boolean enabled);
}
