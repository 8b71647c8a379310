package org.idnet.disclosure.release.domain;

/** Signs single-use, short-lived grants (Ed25519) for identity-service. */
public interface GrantIssuer {

  SignedGrant issue(GrantScope scope);
}
