package org.idnet.webhooks.delivery.domain;

import java.time.Instant;

/** What the dispatcher counts (adapter: MicrometerDeliveryMeter). */
public interface DeliveryMeter {

  /** outcome: delivered, retried or given-up. */
  void attempt(String outcome);

  void endpointDisabled();

  /**
   * A read of {@code source}'s outbox succeeded at {@code at}; {@code oldest} is when the oldest
   * event it got happened ({@code at} when it got none, or another replica was reading).
   */
  void sourceRead(String source, Instant at, Instant oldest);
}
