package org.idnet.disclosure.requests.domain;

import java.util.Arrays;

/**
 * An officer's Idempotency-Key with the fingerprint (SHA-256) of the request body it came with:
 * a repeat with the same key and fingerprint answers the first request, another body is refused.
 */
public record IdempotencyKey(String value, byte[] fingerprint) {

  public static final String HEADER = "Idempotency-Key";

  public IdempotencyKey {
    if (value == null || value.isEmpty() || value.length() > 64
        || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw DisclosureException.invalid(HEADER, HEADER + " must be 1-64 printable ASCII characters without spaces");
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
