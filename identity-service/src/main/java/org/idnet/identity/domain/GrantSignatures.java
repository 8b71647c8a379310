package org.idnet.identity.domain;

/** Verifies grant signatures against the trusted public keys of disclosure-service. */
public interface GrantSignatures {

  SignatureCheck check(SignedGrant grant);
}
