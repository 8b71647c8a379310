package org.idnet.identity.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.RefusalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Refused releases: a row in the append-only {@code release_refusals} ({@code V4__four_eyes_evidence.sql},
 * its own transaction, since the release's rolled back) and the counter
 * {@code idnet_identity_release_refusals_total{reason}} on the management port. Every reason's
 * counter exists from the start, so an alert can watch it before the first refusal.
 */
public final class JdbcRefusalLog implements RefusalLog {

  static final String METRIC = "idnet.identity.release.refusals";
  private static final Logger log = LoggerFactory.getLogger(JdbcRefusalLog.class);

  private final JdbcClient jdbc;
  private final Map<GrantRefusal, Counter> counters = new EnumMap<>(GrantRefusal.class);

  public JdbcRefusalLog(DataSource dataSource, MeterRegistry meters) {
    this.jdbc = JdbcClient.create(dataSource);
    for (GrantRefusal refusal : GrantRefusal.values()) {
      counters.put(refusal, Counter.builder(METRIC).description("ReleaseIdentity calls refused, by the check that failed")
          .tag("reason", refusal.check()).register(meters));
    }
  }

  @Override
  public void record(GrantRefusal refusal, UUID requestId, Instant at) {
    counters.get(refusal).increment();
    try {
      jdbc.sql("INSERT INTO release_refusals (at, reason, request_id) VALUES (?, ?, ?)")
          .param(AccountRows.utc(at.truncatedTo(ChronoUnit.MICROS)))
          .param(refusal.check())
          .param(requestId)
          .update();
    } catch (RuntimeException e) {
      // The grant is refused all the same; the counter above still shows it.
      log.warn("could not record a refused release ({}, request {}): {}", refusal.check(), requestId,
          e.getClass().getName());
    }
  }
}
