package org.idnet.identity.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * An allowance of calls per caller (a platform, a carrier) and period. Kept by the service itself,
 * not in Redis, so it holds when the gateway's limits fail open.
 */
public interface RateLimit {

  /**
   * Takes one call from the caller's allowance.
   *
   * @return empty if the call may go ahead, else how long until the allowance has room again
   */
  Optional<Duration> tryAcquire(String callerId);
}
