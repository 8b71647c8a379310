package org.idnet.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition by polling it, bounded: never a bare sleep where a poll will do. */
public final class Poll {

  private static final long INTERVAL_MILLIS = 50;

  private Poll() {
  }

  /** Polls until {@code condition} holds; fails naming {@code what} after {@code within}. Returns the time it took. */
  public static Duration until(String what, Duration within, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        last = null;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError(what + ": not within " + within.toMillis() + " ms");
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      pause(INTERVAL_MILLIS);
    }
  }

  /** Polls {@code value} until {@code accept} holds for it; returns that value. */
  public static <T> T until(String what, Duration within, Supplier<T> value, java.util.function.Predicate<T> accept) {
    Object[] last = new Object[1];
    until(what, within, () -> {
      T v = value.get();
      last[0] = v;
      return accept.test(v);
    });
    @SuppressWarnings("unchecked")
    T result = (T) last[0];
    return result;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
