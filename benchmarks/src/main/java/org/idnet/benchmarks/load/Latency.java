package org.idnet.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds; {@code NaN} where the tool does not give one (wrk prints
 * no 99.9th percentile).
 */
public record Latency(double p50, double p90, double p99, double p999, double max) {

  public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** From a histogram of microseconds. */
  public static Latency ofMicros(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return NONE;
    }
    return new Latency(ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
        ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
