package org.idnet.webhooks.delivery.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.webhooks.delivery.domain.DeliveryMeter;

/**
 * The dispatcher's metrics (k8s/components/monitoring alerts on them):
 * {@code idnet_webhook_deliveries_total{outcome}} (delivered, retried, given-up),
 * {@code idnet_webhook_endpoints_disabled_total}, and per source
 * {@code idnet_webhook_outbox_lag_seconds}: how far behind the outbox's reading is: the age, when it
 * was read, of the oldest event the last read got (a growing backlog reads old events), or the time
 * since the last successful read (by this replica, or another found reading it), whichever is more;
 * so it grows when the readers fall behind and when no replica can read at all.
 */
public final class MicrometerDeliveryMeter implements DeliveryMeter {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter disabled;
  private final Map<String, AtomicReference<Read>> lastReads = new ConcurrentHashMap<>();
  /** One counter per outcome, looked up once rather than through the registry on every attempt. */
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

  public MicrometerDeliveryMeter(MeterRegistry registry, Clock clock, Iterable<String> sources) {
    this.registry = registry;
    this.clock = clock;
    this.disabled = Counter.builder("idnet.webhook.endpoints.disabled")
        .description("Endpoints disabled because a delivery failed for about a day").register(registry);
    Instant start = clock.instant();
    for (String source : sources) {
      AtomicReference<Read> last = new AtomicReference<>(new Read(start, Duration.ZERO));
      lastReads.put(source, last);
      Gauge.builder("idnet.webhook.outbox.lag", last, l -> lag(l.get()))
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
  public void sourceRead(String source, Instant at, Instant oldest) {
    AtomicReference<Read> last = lastReads.get(source);
    if (last != null) {
      last.set(new Read(at, oldest.isBefore(at) ? Duration.between(oldest, at) : Duration.ZERO));
    }
  }

  private double lag(Read read) {
    long sinceRead = Math.max(0, clock.millis() - read.at().toEpochMilli());
    return Math.max(sinceRead, read.oldestAge().toMillis()) / 1000.0;
  }

  private record Read(Instant at, Duration oldestAge) {
  }

  private Counter counter(String outcome) {
    return outcomes.computeIfAbsent(outcome, o -> Counter.builder("idnet.webhook.deliveries").tag("outcome", o)
        .description("Delivery attempts by outcome").register(registry));
  }
}
