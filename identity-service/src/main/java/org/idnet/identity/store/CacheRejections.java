package org.idnet.identity.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache values that did not open ({@link SealedEntries}): each is a miss (the answer comes from
 * PostgreSQL), counted in {@code idnet_identity_cache_rejected_total{reason}} ({@code forged},
 * {@code expired}, {@code unsealed}) and logged at most once a minute per reason, with the counts only: never
 * a key or a value. {@code forged} and {@code expired} mean someone other than identity-service
 * writes identity's keys in Redis; {@code unsealed} is expected for the minutes of an upgrade from a
 * version that did not seal its values. Every counter exists from the start, so an alert can watch it.
 */
final class CacheRejections {

  static final String METRIC = "idnet.identity.cache.rejected";
  private static final Logger log = LoggerFactory.getLogger(CacheRejections.class);
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  /** Why a value was not believed. */
  enum Reason {
    /** Claims this version's layout but was not sealed with identity-service's key for its key. */
    FORGED,
    /** Sealed by identity-service, but read after the life it was written with: put back later. */
    EXPIRED,
    /** Another layout: an older version's (unsealed) value, or anyone's. */
    UNSEALED
  }

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
  /** Per reason, so that an upgrade's unsealed values never hide a forged one from the log. */
  private final Map<Reason, AtomicLong> lastLog = new EnumMap<>(Reason.class);

  CacheRejections(MeterRegistry meters) {
    for (Reason reason : Reason.values()) {
      counters.put(reason, Counter.builder(METRIC)
          .description("answer-cache values that were not believed (treated as misses), by why")
          .tag("reason", name(reason)).register(meters));
      lastLog.put(reason, new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS));
    }
  }

  void rejected(Reason reason) {
    counters.get(reason).increment();
    AtomicLong logged = lastLog.get(reason);
    long last = logged.get();
    long now = System.nanoTime();
    if (now - last >= LOG_EVERY_NANOS && logged.compareAndSet(last, now)) {
      log.warn("answer cache: a value in Redis did not open ({}) and was answered from PostgreSQL instead. Rejected "
          + "since start: forged {}, expired {}, unsealed {} (forged or expired: a process other than identity-service "
          + "writes identity's cache keys; unsealed: written by an older version, or by anyone)", name(reason),
          count(Reason.FORGED), count(Reason.EXPIRED), count(Reason.UNSEALED));
    }
  }

  private long count(Reason reason) {
    return (long) counters.get(reason).count();
  }

  private static String name(Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}
