package org.idnet.webhooks.delivery.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.webhooks.delivery.domain.DeliveryMeter;

/**
 * The dispatcher's metrics (k8s/components/monitoring alerts on them):
 * {@code idnet_webhook_deliveries_total{outcome}} (delivered, retried, given-up),
 * {@code idnet_webhook_endpoints_disabled_total}, and per source
 * {@code idnet_webhook_outbox_lag_seconds}: the time since that outbox was last read successfully by
 * this replica or found being read by another (so it grows when no replica can read it).
 */
public final class MicrometerDeliveryMeter implements DeliveryMeter {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter disabled;
  private final Map<String, AtomicReference<Instant>> lastReads = new ConcurrentHashMap<>();

  public MicrometerDeliveryMeter(MeterRegistry registry, Clock clock, Iterable<String> sources) {
    this.registry = registry;
    this.clock = clock;
    this.disabled = Counter.builder("idnet.webhook.endpoints.disabled")
        .description("Endpoints disabled because a delivery failed for about a day").register(registry);
    Instant start = clock.instant();
    for (String source : sources) {
      AtomicReference<Instant> last = new AtomicReference<>(start);
      lastReads.put(source, last);
      Gauge.builder("idnet.webhook.outbox.lag", last, l -> Math.max(0, clock.millis() - l.get().toEpochMilli()) / 1000.0)
          .tag("source", source).baseUnit("seconds")
          .description("Time since the source's outbox was last read successfully").register(registry);
    }
    for (String outcome : new String[] {"delivered", "retried", "given-up"}) {
      counter(outcome);
    }
  }

  @Override
  public void attempt(String outcome) {
    counter(outcome).increment();
  }

  @Override
  public void endpointDisabled() {
    disabled.increment();
  }

  @Override
  public void sourceRead(String source, Instant at) {
    AtomicReference<Instant> last = lastReads.get(source);
    if (last != null) {
      last.set(at);
    }
  }

  private Counter counter(String outcome) {
    return Counter.builder("idnet.webhook.deliveries").tag("outcome", outcome)
        .description("Delivery attempts by outcome").register(registry);
  }
}
