package org.idnet.webhooks.delivery.domain;

import java.time.Instant;

/** What the dispatcher counts (adapter: MicrometerDeliveryMeter). */
public interface DeliveryMeter {

  /** outcome: delivered, retried or given-up. */
  void attempt(String outcome);

  void endpointDisabled();

  /** A read of {@code source}'s outbox succeeded at {@code at} (lag is measured from the last one). */
  void sourceRead(String source, Instant at);
}
