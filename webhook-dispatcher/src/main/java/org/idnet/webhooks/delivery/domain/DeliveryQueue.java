package org.idnet.webhooks.delivery.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deliveries waiting, in flight and done (adapter: JdbcDeliveryQueue). Safe with several replicas. */
public interface DeliveryQueue {

  /**
   * Leases up to {@code max} due deliveries, each until {@code now} plus its endpoint's timeout plus
   * {@code leaseMargin}: of enabled endpoints, within each endpoint's in-flight limit, and of each
   * account only the oldest undelivered one.
   */
  List<ClaimedDelivery> claim(int max, Duration leaseMargin, Instant now);

  /** Recorded only if {@code attempt} is still the delivery's current one (its lease's fencing token). */
  void delivered(long id, int attempt, int status, Instant now);

  /** A failed attempt, tried again at {@code retryAt} (if {@code attempt} is still the current one). */
  void retry(long id, int attempt, int status, String error, Instant retryAt);

  /** The last attempt failed: the delivery is given up and its endpoint disabled with {@code reason}. */
  void giveUp(long id, int attempt, int status, String error, String reason, Instant now);

  /** Refreshes the store's view of the queue (its planner statistics) when it changed much since. */
  void keepStatisticsCurrent();

  /**
   * Gives up the backlog of endpoints disabled before {@code before}, forgets rotated-out secrets
   * past their overlap, deletes finished deliveries older than {@code before} and events no delivery
   * needs.
   *
   * @return finished deliveries deleted
   */
  int purge(Instant before, Instant now);
}
