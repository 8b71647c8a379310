package org.idnet.disclosure.requests.domain;

import java.util.Arrays;
import org.idnet.headers.IdempotencyKeys;

/**
 * An officer's Idempotency-Key with the fingerprint (SHA-256) of the request body it came with:
 * a repeat with the same key and fingerprint answers the first request, another body is refused.
 */
public record IdempotencyKey(String value, byte[] fingerprint) {

  public IdempotencyKey {
    if (!IdempotencyKeys.isWellFormed(value)) {
      throw DisclosureException.invalid(IdempotencyKeys.HEADER, IdempotencyKeys.HEADER + " " + IdempotencyKeys.RULE);
    }
    fingerprint = fingerprint.clone();
  }

  @Override
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  public boolean sameBody(byte[] other) {
    return Arrays.equals(fingerprint, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey k && value.equals(k.value) && Arrays.equals(fingerprint, k.fingerprint);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "IdempotencyKey[" + value + "]";
  }
}
