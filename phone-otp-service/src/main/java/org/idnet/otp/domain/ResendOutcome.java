package org.idnet.otp.domain;

/** The store's verdict on a resend. */
public sealed interface ResendOutcome {

  /** The new code is in place and the send counted. */
  record Reserved(ResendReservation reservation, Verification updated) implements ResendOutcome {
  }

  record Refused(Refusal refusal) implements ResendOutcome {
  }
}
