package org.idnet.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.idnet.benchmarks.BenchmarkSettings;
import org.idnet.benchmarks.report.Stats;

/**
 * The soak's verify-account rate. P1 is a saturation throughput (wrk, closed loop): driving the
 * mixed load open-loop at all of it would only measure a queue growing for ten minutes. The soak
 * runs verify-account at half of it, P1@half, the rate quality.md's p99 bar is defined at.
 *
 * @param perSecond verify-account requests per second
 * @param source where the figure came from, for the report
 */
public record SoakRate(int perSecond, String source) {

  /** P1 of the last run written in BENCHMARKS.md (run 20261204-034449, issue 11 "after"), for a clone without results. */
  static final int DEFAULT_P1 = 3740;

  /** {@code IDNET_SOAK_RATE}, else half of P1 in {@code results.json}, else half of {@link #DEFAULT_P1}. */
  public static SoakRate resolve(Map<String, String> env, Path resultsJson) {
    if (env.containsKey("IDNET_SOAK_RATE") && !env.get("IDNET_SOAK_RATE").isBlank()) {
      return new SoakRate(BenchmarkSettings.number(env, "IDNET_SOAK_RATE", 0, 1), "IDNET_SOAK_RATE");
    }
    if (Files.isRegularFile(resultsJson)) {
      try {
        OptionalDouble p1 = p1Median(new ObjectMapper().readTree(resultsJson.toFile()));
        if (p1.isPresent()) {
          return new SoakRate((int) Math.round(p1.getAsDouble() / 2), String.format(
              "half of P1 (median %.0f req/s) in %s", p1.getAsDouble(), resultsJson.toRealPath()));
        }
      } catch (IOException e) {
        // unreadable: the default below, said in the source
      }
    }
    return new SoakRate(DEFAULT_P1 / 2, "half of P1 = " + DEFAULT_P1 + " req/s, the last run in BENCHMARKS.md (no "
        + resultsJson + ")");
  }

  /** The median over the rounds of P1's throughput in a benchmark's {@code results.json}. */
  static OptionalDouble p1Median(JsonNode results) {
    List<Double> rates = new ArrayList<>();
    for (JsonNode m : results.path("measurements")) {
      JsonNode result = m.path("result");
      if ("P1".equals(m.path("phase").asText()) && result.path("errors").asLong() == 0 && result.path("seconds").asDouble() > 0) {
        rates.add(result.path("operations").asDouble() / result.path("seconds").asDouble());
      }
    }
    return rates.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(rates));
  }
}
