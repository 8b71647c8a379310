package org.idnet.web.transparency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idnet.web.gateway.GatewayClient;
import org.idnet.web.gateway.TransparencyReportJson;
import reactor.core.publisher.Mono;

/**
 * Each report query's answer, kept {@code ttl} (60 s): the report covers ended periods only, and
 * without it every visitor would spend the gateway's per-address public bucket of the web's one
 * address. Failures are not kept.
 *
 * <p>A query is kept as what the service computes from it ({@link #key}), so windows that give the
 * same report share one entry: the service counts whole UTC days that ended and never the current
 * one, so a {@code to} at or after the start of today is the same as none. At most
 * {@code maxEntries} queries, the least recently used going first (a flood of distinct queries
 * pushes out old ones one by one, never the whole cache at once).
 */
public final class ReportCache {

  static final int MAX_ENTRIES = 1000;

  /** @param to null: up to the end of the last whole period */
  record Query(Instant from, Instant to) {
  }

  private record Cached(Mono<TransparencyReportJson> report, Instant until) {
  }

  private final GatewayClient gateway;
  private final Duration ttl;
  private final Clock clock;
  private final Map<Query, Cached> entries;

  public ReportCache(GatewayClient gateway, Duration ttl, Clock clock) {
    this(gateway, ttl, clock, MAX_ENTRIES);
  }

  ReportCache(GatewayClient gateway, Duration ttl, Clock clock, int maxEntries) {
    this.gateway = gateway;
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Query, Cached> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /**
   * The query as the service widens it: {@code from} to the start of its UTC day, {@code to} to the
   * end of its day, and none when that is after the start of today (the service stops there anyway).
   */
  static Query key(Instant from, Instant to, Instant now) {
    Instant start = from == null ? null : from.truncatedTo(ChronoUnit.DAYS);
    Instant end = null;
    if (to != null) {
      Instant day = to.truncatedTo(ChronoUnit.DAYS);
      end = day.equals(to) ? to : day.plus(1, ChronoUnit.DAYS);
      if (end.isAfter(now.truncatedTo(ChronoUnit.DAYS))) {
        end = null;
      }
    }
    return new Query(start, end);
  }

  public Mono<TransparencyReportJson> report(Instant from, Instant to) {
    Instant now = clock.instant();
    Query query = key(from, to, now);
    Mono<TransparencyReportJson> fetched;
    Cached mine;
    synchronized (entries) {
      Cached entry = entries.get(query);
      if (entry != null && now.isBefore(entry.until())) {
        return entry.report();
      }
      fetched = gateway.transparencyReport(query.from(), query.to())
          .cache(value -> ttl, error -> Duration.ZERO, () -> Duration.ZERO);
      mine = new Cached(fetched, now.plus(ttl));
      entries.put(query, mine);
    }
    return fetched.doOnError(e -> {
      synchronized (entries) {
        entries.remove(query, mine);
      }
    });
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
