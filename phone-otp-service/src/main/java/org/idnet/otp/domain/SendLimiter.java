package org.idnet.otp.domain;

import java.time.Instant;
import org.idnet.phone.PhoneNumber;

/**
 * Limits on new verifications: per phone, per platform and per number prefix (SMS pumping).
 * Checked and counted in one atomic step; fails closed (throws) when the store is down.
 */
public interface SendLimiter {

  SendDecision acquire(String platformId, PhoneNumber phone, Instant now);

  /** Gives back what {@link #acquire} took, for a send that did not happen. */
  void release(SendPermit permit);
}
