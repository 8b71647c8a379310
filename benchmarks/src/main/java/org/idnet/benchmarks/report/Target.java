package org.idnet.benchmarks.report;

/**
 * A bar of quality.md and whether a figure clears it, saying by how much when it does not.
 *
 * @param atLeast true for "≥ threshold" bars (throughput, ratios), false for "≤ threshold" (latency)
 */
public record Target(double threshold, boolean atLeast, String unit) {

  public static Target atLeast(double threshold, String unit) {
    return new Target(threshold, true, unit);
  }

  public static Target atMost(double threshold, String unit) {
    return new Target(threshold, false, unit);
  }

  public String describe() {
    return (atLeast ? "≥ " : "≤ ") + Report.number(threshold) + unit;
  }

  public String verdict(double value) {
    if (Double.isNaN(value)) {
      return "not measured";
    }
    boolean met = atLeast ? value >= threshold : value <= threshold;
    if (met) {
      return "met";
    }
    if (atLeast) {
      return String.format("missed by %.0f%% (%s, bar %s: %.1f× needed)",
          100 * (threshold - value) / threshold, Report.number(value) + unit, Report.number(threshold) + unit,
          threshold / value);
    }
    return String.format("missed by %.0f%% (%s, bar %s)", 100 * (value - threshold) / threshold,
        Report.number(value) + unit, Report.number(threshold) + unit);
  }
}
