package org.idnet.benchmarks.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters read beside a measured window (Redis's INFO, the services' Prometheus counters), as a
 * map of name to value; a window reports how much each grew. A source that cannot be read gives
 * nothing: these figures explain the others and must never break a run.
 */
@FunctionalInterface
public interface Counters {

  Map<String, Double> read();

  /** Every source's counters in one map (names are distinct: each source prefixes its own). */
  static Counters all(List<Counters> sources) {
    return () -> {
      Map<String, Double> values = new LinkedHashMap<>();
      for (Counters source : sources) {
        try {
          values.putAll(source.read());
        } catch (RuntimeException e) {
          // left out of this snapshot: its deltas are missing, not wrong
        }
      }
      return values;
    };
  }

  /** How much each counter read at both ends grew in between. */
  static Map<String, Double> growth(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> growth = new LinkedHashMap<>();
    after.forEach((name, value) -> {
      Double earlier = before.get(name);
      if (earlier != null) {
        growth.put(name, value - earlier);
      } else if (before.keySet().stream().anyMatch(n -> source(n).equals(source(name)))) {
        // A counter born inside the window (its first hit or miss) of a source read at both ends: it grew from zero.
        growth.put(name, value);
      }
    });
    return growth;
  }

  /** The source a counter's name starts with ({@code redis}, {@code gateway}, {@code identity}). */
  private static String source(String name) {
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }
}
