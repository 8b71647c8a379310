package org.idnet.benchmarks.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache hits and misses over a window, from how much the counters grew ({@link Measurement#counters()}).
 *
 * <p><b>identity-service's answer cache</b> counts nothing itself; Redis does. Redis's
 * {@code keyspace_hits} and {@code keyspace_misses} count every reader's key look-ups (the gateway's
 * rate limiter reads its two bucket keys per request; phone-otp-service its counters), but in P1 and
 * P2 the only {@code MGET} is identity-service's cache read, one key per {@code CheckAccount}, and
 * the rate limiter's keys exist all through a window. So there its hit rate is
 * {@code 1 − keyspace_misses / MGET calls}: an estimate that would only be low, never high (a miss
 * of anyone else counts against it).
 *
 * <p><b>Caches that count themselves</b> (Micrometer's {@code cache_gets_total{result="hit"|"miss"}}, a
 * {@code result="bypass"} counted as a miss,
 * or a pair {@code ..._hits_total} / {@code ..._misses_total}) are paired up as they come from the
 * services' Prometheus endpoints.
 */
public final class CacheHits {

  static final String HITS = "redis keyspace_hits";
  static final String MISSES = "redis keyspace_misses";
  static final String MGETS = "redis mget calls";

  /** Hits and misses of one cache over a window. */
  public record Rate(String cache, double hits, double misses) {

    @JsonProperty("hitRate")
    public double hitRate() {
      return hits + misses > 0 ? hits / (hits + misses) : Double.NaN;
    }
  }

  private CacheHits() {
  }

  /** identity-service's answer cache, estimated as above; empty without Redis counters or MGETs. */
  public static List<Rate> identity(Map<String, Double> counters) {
    Double mgets = counters.get(MGETS);
    Double misses = counters.get(MISSES);
    if (mgets == null || misses == null || mgets <= 0) {
      return List.of();
    }
    double missed = Math.min(misses, mgets);
    return List.of(new Rate("identity-service answer cache (Redis, est.)", mgets - missed, missed));
  }

  /** Redis's own count over every reader. */
  public static List<Rate> redis(Map<String, Double> counters) {
    Double hits = counters.get(HITS);
    Double misses = counters.get(MISSES);
    return hits == null || misses == null ? List.of() : List.of(new Rate("Redis, every reader", hits, misses));
  }

  /** The caches that count themselves: hit and miss counters paired by name and labels. */
  public static List<Rate> counted(Map<String, Double> counters) {
    Map<String, double[]> pairs = new LinkedHashMap<>();
    counters.forEach((name, grew) -> {
      if (name.startsWith("redis ")) {
        return;
      }
      if (name.contains("result=\"bypass\"")) {
        // A call the cache could not serve (e.g. the gateway's near cache while unsubscribed) is no hit.
        pairs.computeIfAbsent(name.replace("result=\"bypass\"", "…"), k -> new double[2])[1] += grew;
        return;
      }
      for (String[] kind : new String[][] {{"result=\"hit\"", "result=\"miss\""}, {"_hits_total", "_misses_total"},
          {"_hit_total", "_miss_total"}}) {
        if (name.contains(kind[0])) {
          pairs.computeIfAbsent(name.replace(kind[0], "…"), k -> new double[2])[0] += grew;
          return;
        }
        if (name.contains(kind[1])) {
          pairs.computeIfAbsent(name.replace(kind[1], "…"), k -> new double[2])[1] += grew;
          return;
        }
      }
    });
    List<Rate> rates = new ArrayList<>();
    pairs.forEach((cache, hm) -> rates.add(new Rate(cache, hm[0], hm[1])));
    return rates;
  }

  /** The caches that count themselves and Redis overall: where others read Redis by MGET too (P4). */
  public static List<Rate> withoutEstimate(Map<String, Double> counters) {
    List<Rate> all = new ArrayList<>(counted(counters));
    all.addAll(redis(counters));
    return all;
  }

  /** Every cache figure of a window: identity's estimate, the caches that count themselves, Redis overall. */
  public static List<Rate> all(Map<String, Double> counters) {
    List<Rate> all = new ArrayList<>(identity(counters));
    all.addAll(counted(counters));
    all.addAll(redis(counters));
    return all;
  }
}
