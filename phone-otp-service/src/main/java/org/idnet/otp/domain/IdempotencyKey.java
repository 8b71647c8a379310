package org.idnet.otp.domain;

import java.util.Arrays;
import org.idnet.headers.IdempotencyKeys;

/**
 * A platform's {@code Idempotency-Key} with the request body it came with. The body holds the
 * phone number, so the store keeps only a keyed hash of it, and {@link #toString()} never shows it.
 */
public record IdempotencyKey(String value, byte[] body) {

  public IdempotencyKey {
    if (!IdempotencyKeys.isWellFormed(value)) {
      throw OtpException.invalid(FailureReason.INVALID_REQUEST, IdempotencyKeys.HEADER,
          IdempotencyKeys.HEADER + " " + IdempotencyKeys.RULE);
    }
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey k && value.equals(k.value) && Arrays.equals(body, k.body);
  }

  @Override
  public int hashCode() {
    return value.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "IdempotencyKey[" + value + "]";
  }
}
