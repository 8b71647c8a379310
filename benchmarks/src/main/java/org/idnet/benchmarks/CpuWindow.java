package org.idnet.benchmarks;

import java.util.Map;
import org.idnet.benchmarks.load.Window;
import org.idnet.benchmarks.observe.CpuSampler;

/** CPU per process group over a driver's measured window. */
final class CpuWindow implements Window {

  private final CpuSampler sampler;
  private CpuSampler.Snapshot before;
  private CpuSampler.Snapshot after;

  CpuWindow(CpuSampler sampler) {
    this.sampler = sampler;
  }

  @Override
  public void opened() {
    before = sampler.snapshot();
  }

  @Override
  public void closed() {
    after = sampler.snapshot();
  }

  Map<String, Double> cores() {
    return before == null || after == null ? Map.of() : CpuSampler.coresUsed(before, after);
  }
}
