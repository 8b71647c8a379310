package org.idnet.otp.domain;

/** The limiter's verdict on a new verification. */
public sealed interface SendDecision {

  record Granted(SendPermit permit) implements SendDecision {
  }

  record Refused(Refusal refusal) implements SendDecision {
  }
}
