package org.idnet.identity.domain;

/** The verdict on a grant's signature. */
public enum SignatureCheck {
  /** Made over the exact grant bytes by the trusted key the key id names. */
  VALID,
  /** No trusted grant-signing keyset is loaded (missing or unusable file): nothing verifies. */
  NO_TRUSTED_KEYS,
  /** The key id is malformed or names no trusted (enabled) key. */
  UNKNOWN_KEY,
  /** The signature does not verify under the named key: altered grant, signature or key id. */
  INVALID
}
