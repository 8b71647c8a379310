package org.idnet.benchmarks.report;

import java.util.Map;
import org.idnet.benchmarks.load.LoadResult;

/**
 * One measured window of one round.
 *
 * @param phase {@code B_http}, {@code P1}, {@code P1@half}, {@code B_grpc}, {@code P2}, {@code P3}, {@code P3@gateway}
 * @param unitsPerOperation account checks per request (500 for the batch look-ups, else 1)
 * @param cores CPU cores used per process group during the window
 * @param counters how much Redis's and the services' cache counters grew during the window
 *     ({@link org.idnet.benchmarks.observe.Counters}); empty where nothing was read
 */
public record Measurement(String phase, int round, LoadResult result, int unitsPerOperation, Map<String, Double> cores,
    Map<String, Double> counters) {

  /** Operations per second (requests or calls). */
  public double throughput() {
    return result.throughput();
  }

  /** Account checks per second. */
  public double checksPerSecond() {
    return result.throughput() * unitsPerOperation;
  }

  /** How much a counter grew per operation; {@code NaN} when it was not read. */
  public double perOperation(String counter) {
    Double grew = counters.get(counter);
    return grew == null || result.operations() == 0 ? Double.NaN : grew / result.operations();
  }

  /** CPU µs per operation, all groups but the rest of the machine. */
  public double cpuMicrosPerOperation(String group) {
    double ops = result.throughput();
    return ops > 0 ? cores.getOrDefault(group, 0.0) * 1e6 / ops : Double.NaN;
  }
}
