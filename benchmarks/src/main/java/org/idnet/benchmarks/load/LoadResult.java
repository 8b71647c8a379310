package org.idnet.benchmarks.load;

/**
 * What one measured window gave.
 *
 * @param operations successful requests or calls in the window
 * @param errors failed ones (non-2xx, socket errors, gRPC errors): a window with errors is not a valid figure
 * @param seconds the window's length
 * @param latency percentiles of the successful ones
 * @param note what the tool said worth keeping (e.g. a driver that could not hold its rate)
 */
public record LoadResult(long operations, long errors, double seconds, Latency latency, String note) {

  public double throughput() {
    return seconds > 0 ? operations / seconds : 0;
  }

  public boolean clean() {
    return errors == 0 && operations > 0;
  }
}
