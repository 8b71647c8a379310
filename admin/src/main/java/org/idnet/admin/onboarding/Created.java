package org.idnet.admin.onboarding;

/** A client this run created, with the secret Keycloak generated for it. */
public record Created(ClientId id, Secret secret) {
}
