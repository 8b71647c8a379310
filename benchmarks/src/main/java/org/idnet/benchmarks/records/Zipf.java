package org.idnet.benchmarks.records;

import java.util.SplittableRandom;

/**
 * Zipf-like record indexes for traffic with hot keys: rank {@code k} (1-based) of {@code n} is drawn
 * with probability about proportional to {@code 1 / k^s}, by inverting the continuous power law
 * over {@code [1, n + 1)} (exact enough for load, constant time and memory at any {@code n}). The
 * ranks are then spread over the indexes by a fixed permutation ({@code rank * step mod n}, step
 * coprime to n), so the hot records are scattered through the tables rather than all loaded first.
 * {@code s = 0} is uniform. Not thread-safe: one per thread.
 */
public final class Zipf {

  static final long MAX_N = 1L << 31;

  private final long n;
  private final double s;
  private final long step;
  private final SplittableRandom random;

  public Zipf(long n, double exponent, long seed) {
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("n must be 1-" + MAX_N);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("the exponent must be finite and not negative");
    }
    this.n = n;
    this.s = exponent;
    this.step = coprimeStep(n);
    this.random = new SplittableRandom(seed);
  }

  /** A rank in {@code [1, n]}: 1 the hottest. */
  public long nextRank() {
    double u = random.nextDouble();
    double x;
    if (s == 0) {
      x = 1 + u * n;
    } else if (Math.abs(s - 1) < 1e-9) {
      x = Math.exp(u * Math.log(n + 1.0));
    } else {
      double a = 1 - s;
      x = Math.pow(1 + u * (Math.pow(n + 1.0, a) - 1), 1 / a);
    }
    return Math.min(n, Math.max(1, (long) x));
  }

  /** A record index in {@code [0, n)}: {@link #nextRank()} through the fixed permutation. */
  public long nextIndex() {
    return index(nextRank());
  }

  /** Where rank {@code rank} lives: a bijection of {@code [1, n]} onto {@code [0, n)}. */
  public long index(long rank) {
    if (rank < 1 || rank > n) {
      throw new IllegalArgumentException("a rank is 1-" + n + ": " + rank);
    }
    // n <= 2^31 and step < n: the product stays below 2^62.
    return (rank - 1) * step % n;
  }

  /** About n times the golden ratio's fraction, nudged until coprime to n. */
  static long coprimeStep(long n) {
    if (n == 1) {
      return 1;
    }
    long step = Math.max(1, (long) (n * 0.6180339887498949));
    while (gcd(step, n) != 1) {
      step++;
    }
    return step;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
