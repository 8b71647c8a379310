package org.idnet.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Flows of several calls (an OTP flow, a disclosure) started open-loop: flow {@code i} starts at
 * {@code begin + i / rate} on a virtual thread of its own, whatever the flows before it are doing,
 * and is told its due time, from which its first call's latency counts (no coordinated omission,
 * as {@link FixedRateHttpDriver}). Meant for a few flows a second; a blocking HTTP client per call
 * is then cheap enough.
 */
public final class FixedRateFlows implements AutoCloseable {

  private final ExecutorService flows = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread pacer;

  private FixedRateFlows(String name, double perSecond, long begin, long end, LongConsumer flow) {
    long interval = Math.max(1, Math.round(1e9 / perSecond));
    this.pacer = Thread.ofPlatform().daemon().name(name + "-pacer").unstarted(() -> {
      for (long i = 0; begin + i * interval < end && !Thread.currentThread().isInterrupted(); i++) {
        long due = begin + i * interval;
        FixedRateHttpDriver.waitUntil(due);
        flows.execute(() -> flow.accept(due));
      }
    });
  }

  /** Starts flows at {@code perSecond} from {@code begin} until {@code end} (System.nanoTime()); none if the rate is 0. */
  public static FixedRateFlows start(String name, double perSecond, long begin, long end, LongConsumer flow) {
    FixedRateFlows flows = new FixedRateFlows(name, perSecond, begin, perSecond > 0 ? end : begin, flow);
    flows.pacer.start();
    return flows;
  }

  /** Waits until the last flow is due and every flow has ended (at most {@code grace} after that). */
  public void awaitEnd(Duration grace) throws InterruptedException {
    pacer.join();
    flows.shutdown();
    flows.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    pacer.interrupt();
    flows.shutdownNow();
  }
}
