package org.idnet.benchmarks.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load driver for asynchronous calls (the gRPC measurements): a fixed number of
 * calls outstanding, each completion starting the next one at once, a warm-up that is thrown
 * away, then a measured window. Latencies are service times (closed loop), recorded in an
 * HdrHistogram; throughput is what matters here.
 */
public final class ClosedLoopDriver {

  /** Starts call number {@code sequence}; the future completes when it has answered. */
  @FunctionalInterface
  public interface Call {
    ListenableFuture<?> start(long sequence);
  }

  private final Call call;
  private final Recorder recorder = new Recorder(3);
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean measuring;
  private volatile Throwable lastError;
  private CountDownLatch drained;

  private ClosedLoopDriver(Call call) {
    this.call = call;
  }

  public static LoadResult run(int concurrency, Duration warmup, Duration measure, Window window, Call call)
      throws InterruptedException {
    return new ClosedLoopDriver(call).drive(concurrency, warmup, measure, window);
  }

  private LoadResult drive(int concurrency, Duration warmup, Duration measure, Window window) throws InterruptedException {
    drained = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      fire();
    }
    Thread.sleep(warmup.toMillis());
    recorder.getIntervalHistogram();
    long errorsBefore = errors.get();
    window.opened();
    measuring = true;
    long begin = System.nanoTime();
    Thread.sleep(measure.toMillis());
    measuring = false;
    double seconds = (System.nanoTime() - begin) / 1e9;
    window.closed();
    Histogram histogram = recorder.getIntervalHistogram();
    long failed = errors.get() - errorsBefore;
    running = false;
    boolean done = drained.await(10, TimeUnit.SECONDS);
    String note = (failed > 0 && lastError != null ? "last error: " + lastError : "")
        + (done ? "" : " (calls still outstanding after 10 s)");
    return new LoadResult(histogram.getTotalCount(), failed, seconds, Latency.ofMicros(histogram), note.strip());
  }

  private void fire() {
    if (!running) {
      drained.countDown();
      return;
    }
    long start = System.nanoTime();
    ListenableFuture<?> future;
    try {
      future = call.start(sequence.getAndIncrement());
    } catch (RuntimeException e) {
      failed(e);
      ForkJoinPool.commonPool().execute(this::fire);
      return;
    }
    // A future that is already done (a call refused at once) would run its listener on this
    // stack and start the next call from it: hand it to a pool instead, so the stack stays flat.
    Executor executor = future.isDone() ? ForkJoinPool.commonPool() : MoreExecutors.directExecutor();
    future.addListener(() -> completed(future, start), executor);
  }

  private void completed(ListenableFuture<?> future, long start) {
    long micros = (System.nanoTime() - start) / 1000;
    try {
      future.get();
      if (measuring) {
        recorder.recordValue(micros);
      }
    } catch (ExecutionException e) {
      failed(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(e);
    }
    fire();
  }

  private void failed(Throwable e) {
    lastError = e;
    if (measuring) {
      errors.incrementAndGet();
    }
  }
}
