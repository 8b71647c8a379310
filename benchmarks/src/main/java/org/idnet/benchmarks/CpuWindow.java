package org.idnet.benchmarks;

import java.util.Map;
import org.idnet.benchmarks.load.Window;
import org.idnet.benchmarks.observe.Counters;
import org.idnet.benchmarks.observe.CpuSampler;

/** CPU per process group, and how much the counters beside it grew, over a driver's measured window. */
final class CpuWindow implements Window {

  private final CpuSampler sampler;
  private final Counters counters;
  private CpuSampler.Snapshot before;
  private CpuSampler.Snapshot after;
  private Map<String, Double> countersBefore = Map.of();
  private Map<String, Double> countersAfter = Map.of();

  CpuWindow(CpuSampler sampler, Counters counters) {
    this.sampler = sampler;
    this.counters = counters;
  }

  @Override
  public void opened() {
    // The counters first: the CPU window is then the driver's window, without the scrapes.
    countersBefore = counters.read();
    before = sampler.snapshot();
  }

  @Override
  public void closed() {
    after = sampler.snapshot();
    countersAfter = counters.read();
  }

  Map<String, Double> cores() {
    return before == null || after == null ? Map.of() : CpuSampler.coresUsed(before, after);
  }

  /** How much each counter grew over the window (the scrapes just outside its CPU snapshots). */
  Map<String, Double> counters() {
    return Counters.growth(countersBefore, countersAfter);
  }
}
