package org.idnet.otp.domain;

import java.time.Instant;

/**
 * Resends: one atomic step checks state, cool-down, send count and prefix cap, then installs the
 * new code hash; {@link #undo} restores the previous code if the SMS could not be sent.
 */
public interface ResendStore {

  ResendOutcome reserve(Verification verification, String newCodeHash, Instant now);

  void undo(ResendReservation reservation, Instant now);
}
