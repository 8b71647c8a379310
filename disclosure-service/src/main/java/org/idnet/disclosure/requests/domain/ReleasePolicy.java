package org.idnet.disclosure.requests.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How releases are kept and retried.
 *
 * @param packageLifetime how long a disclosed package may be read (default 7 days)
 * @param firstRetry the wait after the first failed attempt; doubled after each further failure
 * @param maxRetry the longest wait between attempts
 * @param releaseHorizon how long after its approval an approved request is tried at all (default
 *     24 h, identity-service's {@code idnet.evidence.release-horizon}, which refuses every release
 *     later than that after the approving token was issued): still not released then, it ends
 *     RELEASE_REFUSED
 */
public record ReleasePolicy(Duration packageLifetime, Duration firstRetry, Duration maxRetry,
    Duration releaseHorizon) {

  public ReleasePolicy {
    if (!packageLifetime.isPositive() || !firstRetry.isPositive() || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("package lifetime and retry delays must be positive, max >= first");
    }
    if (releaseHorizon == null || !releaseHorizon.isPositive()) {
      throw new IllegalArgumentException("idnet.evidence.release-horizon must be positive, not " + releaseHorizon);
    }
  }

  /** The wait after {@code attempts} failed attempts (1, 2, ...). */
  Duration backoff(int attempts) {
    Duration wait = firstRetry;
    for (int i = 1; i < attempts && wait.compareTo(maxRetry) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }

  /** Whether a request approved at {@code approvedAt} is past the release horizon at {@code now}. */
  boolean pastHorizon(Instant approvedAt, Instant now) {
    return approvedAt != null && now.isAfter(approvedAt.plus(releaseHorizon));
  }
}
