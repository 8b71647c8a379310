package org.idnet.disclosure.requests.domain;

import java.time.Duration;

/**
 * How releases are kept and retried.
 *
 * @param packageLifetime how long a disclosed package may be read (default 7 days)
 * @param firstRetry the wait after the first failed attempt; doubled after each further failure
 * @param maxRetry the longest wait between attempts: an approved request is retried for ever, never dropped
 */
public record ReleasePolicy(Duration packageLifetime, Duration firstRetry, Duration maxRetry) {

  public ReleasePolicy {
    if (!packageLifetime.isPositive() || !firstRetry.isPositive() || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("package lifetime and retry delays must be positive, max >= first");
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
}
