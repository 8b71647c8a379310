package org.idnet.identity.domain;

import java.util.Optional;

/** Reads the claims out of verified grant bytes (the wire format belongs to the contract, not the domain). */
public interface GrantDecoder {

  /** Empty if the bytes are not a grant at all. */
  Optional<GrantClaims> decode(byte[] grant);
}
