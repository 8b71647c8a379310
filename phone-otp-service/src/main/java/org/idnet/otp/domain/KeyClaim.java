package org.idnet.otp.domain;

/** What the store says when a creation with an Idempotency-Key begins. */
public sealed interface KeyClaim {

  /**
   * The key was free and is now held for this creation.
   *
   * @param handle where the store holds it
   * @param token proves the hold is this creation's, not a later one's after it expired
   */
  record Claimed(String handle, String token) implements KeyClaim {
  }

  /** The key was used for the same body: its first answer. */
  record Answered(PhoneVerificationView first) implements KeyClaim {
  }

  /** The key was used for another body. */
  record Reused() implements KeyClaim {
  }

  /** A creation with this key and body is still running (a parallel retry). */
  record InUse() implements KeyClaim {
  }
}
