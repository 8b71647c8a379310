package org.idnet.benchmarks.soak;

import java.util.List;
import java.util.Map;
import org.idnet.benchmarks.report.Stats;

/**
 * The soak's pass rules, each applied to figures alone (so they are tested without a network).
 *
 * <ul>
 *   <li><b>Zero errors</b>: no failed request, no answer the flow did not expect, no ERROR entry in
 *       a service log, during the measured minutes.
 *   <li><b>Flat latency</b>, per traffic kind: the last minute's figure is at most
 *       {@value #FLAT_FACTOR}× the median of minutes 2..N (minute 1 is the JVMs' last warm-up), or
 *       within {@value #FLAT_SLACK_MS} ms of it (below that, scheduling noise on 2 shared cores is
 *       what moves). The figure is the p99 where every minute of the kind holds at least
 *       {@value #P99_MIN_COUNT} requests; with fewer, a minute's "p99" is its slowest one or two,
 *       which one GC pause decides, so those kinds are judged on their median. Needs 3 minutes.
 *   <li><b>No growth</b>, per process: of the samples after minute 1, the median of the last third
 *       (by time) is at most the median of the first third plus a tolerance. Needs a sample in each.
 * </ul>
 */
public final class SoakVerdict {

  static final double FLAT_FACTOR = 1.5;
  static final double FLAT_SLACK_MS = 2.0;
  static final int P99_MIN_COUNT = 100;

  /** How a rule came out; a run fails when any rule fails. */
  public enum Outcome { PASS, FAIL, NOT_JUDGED }

  public record Rule(String name, Outcome outcome, String detail) {

    @Override
    public String toString() {
      return (outcome == Outcome.NOT_JUDGED ? "not judged" : outcome.name()) + "  " + name + ": " + detail;
    }
  }

  /**
   * Growth a series may show between the thirds without failing: the larger of a fraction of the
   * first third's median and an amount in the series' unit.
   */
  public record Tolerance(double relative, double absolute, String unit) {

    /** Heap after a full GC, MiB. */
    static final Tolerance HEAP = new Tolerance(0.10, 8, "MiB");
    static final Tolerance FDS = new Tolerance(0.10, 16, "fds");
    static final Tolerance THREADS = new Tolerance(0.10, 8, "threads");
  }

  /** One observation of a series at a time. */
  public record Sample(long epochMillis, double value) {
  }

  private SoakVerdict() {
  }

  static Rule noErrors(Map<String, Long> errors) {
    long total = errors.values().stream().mapToLong(Long::longValue).sum();
    return new Rule("zero errors", total == 0 ? Outcome.PASS : Outcome.FAIL,
        total == 0 ? "none" : total + " (" + errors + ")");
  }

  /** Whether a kind is judged on its p99 (every measured minute holds enough requests) or on its median. */
  static boolean judgedOnP99(List<Long> countsPerMinute) {
    return !countsPerMinute.isEmpty() && countsPerMinute.stream().allMatch(c -> c >= P99_MIN_COUNT);
  }

  /**
   * @param perMinute the figure of minutes 1..N in ms ({@code NaN}: nothing answered that minute)
   */
  static Rule flat(String name, List<Double> perMinute) {
    if (perMinute.size() < 3) {
      return new Rule(name, Outcome.NOT_JUDGED, "needs 3 minutes or more; had " + perMinute.size());
    }
    double baseline = Stats.median(perMinute.subList(1, perMinute.size()));
    double last = perMinute.getLast();
    if (Double.isNaN(last) || Double.isNaN(baseline)) {
      return new Rule(name, Outcome.FAIL, "no answer in the last minute, or in minutes 2..N");
    }
    double limit = Math.max(FLAT_FACTOR * baseline, baseline + FLAT_SLACK_MS);
    return new Rule(name, last <= limit ? Outcome.PASS : Outcome.FAIL, String.format(
        "last minute %.2f ms; median of minutes 2..%d %.2f ms; limit %.2f ms", last, perMinute.size(), baseline, limit));
  }

  /**
   * @param steadyFrom start of the judged span (after minute 1), epoch ms
   * @param end end of the run, epoch ms
   */
  static Rule noGrowth(String name, List<Sample> samples, long steadyFrom, long end, Tolerance tolerance) {
    long third = (end - steadyFrom) / 3;
    List<Double> first = samples.stream().filter(s -> s.epochMillis() >= steadyFrom && s.epochMillis() < steadyFrom + third)
        .map(Sample::value).toList();
    List<Double> last = samples.stream().filter(s -> s.epochMillis() >= end - third && s.epochMillis() <= end)
        .map(Sample::value).toList();
    if (first.isEmpty() || last.isEmpty()) {
      return new Rule(name, Outcome.NOT_JUDGED, "no sample in the first or the last third of minutes 2..N ("
          + first.size() + " and " + last.size() + ")");
    }
    double from = Stats.median(first);
    double to = Stats.median(last);
    double limit = from + Math.max(tolerance.relative() * from, tolerance.absolute());
    String unit = tolerance.unit();
    return new Rule(name, to <= limit ? Outcome.PASS : Outcome.FAIL, String.format(
        "first third %s %s, last third %s %s (medians of %d and %d samples); limit %s %s", format(from), unit,
        format(to), unit, first.size(), last.size(), format(limit), unit));
  }

  static boolean passed(List<Rule> rules) {
    return rules.stream().noneMatch(r -> r.outcome() == Outcome.FAIL);
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.1f", value);
  }
}
