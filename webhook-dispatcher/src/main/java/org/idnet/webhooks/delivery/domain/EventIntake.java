package org.idnet.webhooks.delivery.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where events read from an outbox become deliveries (adapter: JdbcEventIntake). */
public interface EventIntake {

  /**
   * Runs {@code work} as the only reader of {@code source} among all replicas, in one transaction
   * with the {@link #store} calls it makes; empty if another replica is reading it now.
   */
  <T> Optional<T> exclusively(String source, Supplier<T> work);

  /**
   * Stores each event once (an event stored before is skipped: a reader died before acknowledging)
   * with one delivery per endpoint of its platform subscribed to its type, in the order given.
   *
   * @return the deliveries created
   */
  int store(String source, List<OutboxEvent> events, Instant now);
}
