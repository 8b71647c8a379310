package org.idnet.otp.domain;

import java.time.Instant;

/**
 * Check-and-consume of codes. {@link #consume} is one atomic step in the store, so of two parallel
 * checks with the right code exactly one gets {@link CheckOutcome.Matched}.
 */
public interface CodeChecks {

  CheckOutcome consume(Verification verification, String candidateHash, Instant now);

  /** The identity service recorded the binding: BINDING becomes APPROVED. */
  void approve(String verificationId, String leaseToken);

  /** The identity service failed: BINDING returns to PENDING with the same code and attempts. */
  void release(String verificationId, String leaseToken);
}
