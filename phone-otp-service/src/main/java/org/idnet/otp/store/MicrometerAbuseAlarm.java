package org.idnet.otp.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.idnet.otp.domain.AbuseAlarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS-pumping alert: a WARN line and the counter {@code idnet.otp.prefix.cap.hits}, which
 * alerting rules watch. Neither carries the number or the prefix: a metric label with personal
 * data would leak it to every dashboard, and a label per prefix would explode cardinality.
 */
public final class MicrometerAbuseAlarm implements AbuseAlarm {

  public static final String METRIC = "idnet.otp.prefix.cap.hits";

  private static final Logger LOG = LoggerFactory.getLogger(MicrometerAbuseAlarm.class);

  private final Counter hits;

  public MicrometerAbuseAlarm(MeterRegistry registry) {
    this.hits = Counter.builder(METRIC)
        .description("Sends refused because a number prefix reached its cap (possible SMS pumping)")
        .register(registry);
  }

  @Override
  public void prefixCapReached() {
    hits.increment();
    LOG.warn("SMS-pumping guard: a number prefix reached its send cap; further sends to it are refused");
  }
}
