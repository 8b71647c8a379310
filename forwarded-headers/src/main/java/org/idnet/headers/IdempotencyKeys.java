package org.idnet.headers;

/**
 * The {@code Idempotency-Key} of api.md: 1-64 printable ASCII characters without spaces. The
 * gateway refuses another with 400 and so does each service (a caller may skip the gateway).
 */
public final class IdempotencyKeys {

  public static final String HEADER = "Idempotency-Key";
  public static final int MAX_LENGTH = 64;
  /** What a refusal says of a key that breaks the rule. */
  public static final String RULE = "must be 1-" + MAX_LENGTH + " printable ASCII characters without spaces";

  private IdempotencyKeys() {
  }

  public static boolean isWellFormed(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_LENGTH
        && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }
}
