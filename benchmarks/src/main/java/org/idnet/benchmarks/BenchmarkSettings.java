package org.idnet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What one benchmark run does, from environment variables (all optional). The defaults keep a
 * full run (start, seed, three rounds, profile) under about ten minutes on 2 cores.
 *
 * @param home the repository root (module jars under {@code <module>/target})
 * @param runs rounds of every measurement; the report quotes medians ({@code IDNET_BENCH_RUNS}, 3)
 * @param jitWarmup load on each path once before the first round, so that the JIT has compiled the
 *     hot paths of freshly started JVMs: P1 until its throughput stops rising and the gateway's
 *     JIT is quiet, at most this long; the other loads 10 s ({@code IDNET_BENCH_JIT_WARMUP}, 150 s)
 * @param warmup load before each measured window, not counted ({@code IDNET_BENCH_WARMUP}, 3 s)
 * @param measure each measured window ({@code IDNET_BENCH_DURATION}, 10 s)
 * @param connections HTTP connections of wrk and of the fixed-rate driver, and outstanding calls
 *     of the gRPC driver: the same for each measurement and its baseline ({@code IDNET_BENCH_CONNECTIONS},
 *     16: enough to saturate each server on 2 cores without queueing far beyond it)
 * @param wrkThreads wrk threads ({@code IDNET_BENCH_THREADS}, 2: one per core)
 * @param grpcChannels channels (HTTP/2 connections) of the gRPC driver ({@code IDNET_BENCH_GRPC_CHANNELS}, 2)
 * @param batchConcurrency outstanding 500-id look-ups in P3 ({@code IDNET_BENCH_BATCH_CONCURRENCY}, 4)
 * @param accounts phone-bound accounts seeded and cycled through when {@code records} is 0
 *     ({@code IDNET_BENCH_ACCOUNTS}, 1000)
 * @param records real-name accounts loaded for P1-P3, asked for in a Zipf-like spread
 *     ({@code IDNET_BENCH_RECORDS}, 1m; 0: the {@code accounts} seeded and cycled through instead, which
 *     measures only the caches)
 * @param zipfExponent the spread's exponent s: rank k asked with probability about 1/k^s
 *     ({@code IDNET_BENCH_ZIPF_EXPONENT}, 1.0; 0 is uniform)
 * @param profile whether to record JFR on the gateway and identity-service, and on phone-otp-service
 *     during P4 ({@code IDNET_BENCH_PROFILE}, 1)
 * @param flows phone verification flows under way at a time in P4 ({@code IDNET_BENCH_FLOWS}, 16;
 *     0 leaves P4 out)
 * @param serviceJvmOptions JVM options of the service and baseline processes ({@code IDNET_SERVICE_JVM_OPTS})
 */
public record BenchmarkSettings(Path home, int runs, Duration jitWarmup, Duration warmup, Duration measure, int connections,
    int wrkThreads, int grpcChannels, int batchConcurrency, int accounts, long records, double zipfExponent,
    boolean profile, int flows, String serviceJvmOptions) {

  public static BenchmarkSettings fromEnvironment(Path home, Map<String, String> env) {
    return new BenchmarkSettings(home,
        number(env, "IDNET_BENCH_RUNS", 3, 1),
        Duration.ofSeconds(number(env, "IDNET_BENCH_JIT_WARMUP", 150, 0)),
        Duration.ofSeconds(number(env, "IDNET_BENCH_WARMUP", 3, 1)),
        Duration.ofSeconds(number(env, "IDNET_BENCH_DURATION", 10, 2)),
        number(env, "IDNET_BENCH_CONNECTIONS", 16, 1),
        number(env, "IDNET_BENCH_THREADS", 2, 1),
        number(env, "IDNET_BENCH_GRPC_CHANNELS", 2, 1),
        number(env, "IDNET_BENCH_BATCH_CONCURRENCY", 4, 1),
        number(env, "IDNET_BENCH_ACCOUNTS", 1000, 500),
        records(env.getOrDefault("IDNET_BENCH_RECORDS", "1m")),
        exponent(env.getOrDefault("IDNET_BENCH_ZIPF_EXPONENT", "1.0")),
        number(env, "IDNET_BENCH_PROFILE", 1, 0) != 0,
        number(env, "IDNET_BENCH_FLOWS", 16, 0),
        serviceJvmOptions(env));
  }

  /**
   * The sandbox's service launcher reads the same variable; without it the services would run in
   * the sandbox's small C1-only mode, which is not what a benchmark should measure.
   */
  public static String serviceJvmOptions(Map<String, String> env) {
    String value = env.getOrDefault("IDNET_SERVICE_JVM_OPTS", "");
    if (value.isBlank()) {
      throw new IllegalArgumentException("IDNET_SERVICE_JVM_OPTS is not set: start with bin/benchmark or bin/soak,"
          + " which set production-like JVM options for the services (e.g. -Xms512m -Xmx512m -XX:+UseParallelGC)");
    }
    return value.trim();
  }

  /** A whole-number knob: {@code fallback} when unset, else at least {@code min} (a clear message if not). */
  public static int number(Map<String, String> env, String name, int fallback, int min) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number >= " + min + "; was '" + value + "'");
    }
  }

  static long records(String text) {
    if (text.isBlank() || text.trim().equals("0")) {
      return text.isBlank() ? 1_000_000 : 0;
    }
    try {
      return org.idnet.benchmarks.records.RecordsSettings.size(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("IDNET_BENCH_RECORDS: " + e.getMessage() + " (0: the seeded accounts cycled through)");
    }
  }

  static double exponent(String text) {
    try {
      double s = Double.parseDouble(text.trim());
      if (s >= 0 && s <= 5) {
        return s;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("IDNET_BENCH_ZIPF_EXPONENT must be a number 0-5 (1.0: Zipf's law); was '" + text + "'");
  }

  /** Where the module jars are: {@code <home>/<module>/target/idnet-<module>-exec.jar}. */
  public Path jar(String module) {
    return home.resolve(module).resolve("target").resolve("idnet-" + module + "-exec.jar");
  }
}
