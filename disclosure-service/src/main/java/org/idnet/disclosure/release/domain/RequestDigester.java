package org.idnet.disclosure.release.domain;

/**
 * The digest of a request as filed: SHA-256 over its canonical encoding, lowercase hex. The
 * encoding belongs to the contract (identity-service recomputes it), hence a port.
 */
public interface RequestDigester {

  String digest(FiledRequest filed);
}
