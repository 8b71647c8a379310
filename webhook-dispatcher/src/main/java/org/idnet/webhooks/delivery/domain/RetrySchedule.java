package org.idnet.webhooks.delivery.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the n-th wait of the schedule, give or take 20 % so the
 * retries of many deliveries that failed together (a receiver's outage) do not return together.
 * After the last wait's attempt fails, the delivery is given up.
 */
public final class RetrySchedule {

  private static final double JITTER = 0.2;
  private final List<Duration> waits;
  private final RandomGenerator random;

  public RetrySchedule(List<Duration> waits, RandomGenerator random) {
    if (waits.isEmpty()) {
      throw new IllegalArgumentException("the retry schedule needs at least one wait");
    }
    this.waits = List.copyOf(waits);
    this.random = random;
  }

  /** Attempts in all: the first and one after each wait. */
  public int attempts() {
    return waits.size() + 1;
  }

  /** The wait after the {@code attempt}-th attempt failed (1 for the first), empty when it was the last. */
  public Optional<Duration> after(int attempt) {
    if (attempt < 1 || attempt > waits.size()) {
      return Optional.empty();
    }
    long millis = waits.get(attempt - 1).toMillis();
    double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
    return Optional.of(Duration.ofMillis(Math.max(1, Math.round(millis * factor))));
  }

  /** The schedule without jitter, summed: how long a delivery is tried. */
  public Duration span() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
