package org.idnet.otp.domain;

/**
 * Counters of one hosted session (docs/pages.md section 3.3). Fails closed: a store that is down
 * throws {@link OtpException} with {@link FailureReason#STORE_UNAVAILABLE}, and nothing is done.
 */
public interface SessionCounters {

  /** Counts one more under {@code counter} of the session and answers the count now. */
  long increment(String sessionId, String counter);

  /** Counts one less under {@code counter} of the session (an attempt given back). */
  void decrement(String sessionId, String counter);
}
