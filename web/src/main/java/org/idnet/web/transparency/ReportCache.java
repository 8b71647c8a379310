package org.idnet.web.transparency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.web.gateway.GatewayClient;
import org.idnet.web.gateway.TransparencyReportJson;
import reactor.core.publisher.Mono;

/**
 * Each report query's answer, kept {@code ttl} (60 s): the report covers ended periods only, and
 * without it every visitor would spend the gateway's per-address public bucket of the web's one
 * address. Failures are not kept. At most {@link #MAX_ENTRIES} queries; expired ones go first.
 */
public final class ReportCache {

  static final int MAX_ENTRIES = 1000;

  private record Query(Instant from, Instant to) {
  }

  private record Entry(Mono<TransparencyReportJson> report, Instant until) {
  }

  private final GatewayClient gateway;
  private final Duration ttl;
  private final Clock clock;
  private final Map<Query, Entry> entries = new ConcurrentHashMap<>();

  public ReportCache(GatewayClient gateway, Duration ttl, Clock clock) {
    this.gateway = gateway;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Mono<TransparencyReportJson> report(Instant from, Instant to) {
    Instant now = clock.instant();
    Query query = new Query(from, to);
    Entry entry = entries.get(query);
    if (entry == null || !now.isBefore(entry.until())) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.values().removeIf(e -> !now.isBefore(e.until()));
        if (entries.size() >= MAX_ENTRIES) {
          entries.clear();
        }
      }
      Mono<TransparencyReportJson> fetched = gateway.transparencyReport(from, to)
          .cache(value -> ttl, error -> Duration.ZERO, () -> Duration.ZERO);
      entry = new Entry(fetched, now.plus(ttl));
      entries.put(query, entry);
      Entry mine = entry;
      return fetched.doOnError(e -> entries.remove(query, mine));
    }
    return Objects.requireNonNull(entry.report());
  }
}
