package org.idnet.benchmarks.report;

import java.util.Arrays;
import java.util.Collection;

/** Medians: quality.md asks for the median of several runs, which one noisy run cannot drag. */
public final class Stats {

  private Stats() {
  }

  /** The median of the values that are numbers; {@code NaN} when there are none. */
  public static double median(Collection<Double> values) {
    double[] sorted = values.stream().filter(v -> v != null && !v.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public static double median(double... values) {
    return median(Arrays.stream(values).boxed().toList());
  }
}
