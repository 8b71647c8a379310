package org.idnet.otp.domain;

/** The atomic verdict of the store on one code check. */
public sealed interface CheckOutcome {

  /** The right code: consumed, and the verification is BINDING under this lease token. */
  record Matched(String leaseToken) implements CheckOutcome {
  }

  /** A wrong code: one attempt fewer; at zero the verification is FAILED. */
  record Mismatched(int attemptsRemaining) implements CheckOutcome {
  }

  record Refused(Refusal refusal) implements CheckOutcome {
  }
}
