package org.idnet.benchmarks.report;

import java.util.Map;
import org.idnet.benchmarks.load.LoadResult;

/**
 * One measured window of one round.
 *
 * @param phase {@code B_http}, {@code P1}, {@code P1@half}, {@code B_grpc}, {@code P2}, {@code P3}, {@code P3@gateway}
 * @param unitsPerOperation account checks per request (500 for the batch look-ups, else 1)
 * @param cores CPU cores used per process group during the window
 */
public record Measurement(String phase, int round, LoadResult result, int unitsPerOperation, Map<String, Double> cores) {

  /** Operations per second (requests or calls). */
  public double throughput() {
    return result.throughput();
  }

  /** Account checks per second. */
  public double checksPerSecond() {
    return result.throughput() * unitsPerOperation;
  }

  /** CPU µs per operation, all groups but the rest of the machine. */
  public double cpuMicrosPerOperation(String group) {
    double ops = result.throughput();
    return ops > 0 ? cores.getOrDefault(group, 0.0) * 1e6 / ops : Double.NaN;
  }
}
