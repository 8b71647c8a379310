package org.idnet.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.idnet.benchmarks.BenchmarkSettings;

/**
 * What one soak run does, from environment variables (all optional but the two bin/soak sets).
 *
 * @param minutes measured minutes ({@code IDNET_SOAK_MINUTES}, 10)
 * @param rate verify-account requests per second ({@link SoakRate}: {@code IDNET_SOAK_RATE}, else
 *     half of the last benchmark's P1)
 * @param lookupsPerSecond 500-id batch look-ups through the gateway ({@code IDNET_SOAK_LOOKUP_RATE}, 2)
 * @param otpPerSecond OTP flows (send, read the SMS, check) started per second ({@code IDNET_SOAK_OTP_RATE}, 2)
 * @param disclosureEvery one disclosure (file, approve, read, package) every so often
 *     ({@code IDNET_SOAK_DISCLOSURE_EVERY}, 5 s)
 * @param warmup load before the measured minutes, verify-account ramped up in three steps
 *     ({@code IDNET_SOAK_WARMUP}, 120 s): freshly started JVMs compile for about two minutes on 2 cores
 * @param sampleEvery file descriptors and threads sampled ({@code IDNET_SOAK_SAMPLE_EVERY}, 5 s)
 * @param fullGcs whether to ask each service JVM for a full collection ({@code jcmd GC.run}) once in
 *     each third of minutes 2..N ({@link #fullGcRounds}), so that the heap after a full GC is
 *     measured even when the heap never fills by itself ({@code IDNET_SOAK_FULL_GC}, 1; 0: only
 *     the JVMs' own)
 * @param connections keep-alive connections of the verify-account driver ({@code IDNET_BENCH_CONNECTIONS}, 16)
 * @param accounts seeded phone-bound accounts ({@code IDNET_BENCH_ACCOUNTS}, 1000)
 * @param gcLogs where the service JVMs write their GC logs ({@code IDNET_SOAK_GC_LOGS}, set by bin/soak,
 *     which adds the matching {@code -Xlog:gc} option to {@code IDNET_SERVICE_JVM_OPTS})
 */
public record SoakSettings(Path home, int minutes, SoakRate rate, int lookupsPerSecond, int otpPerSecond,
    Duration disclosureEvery, Duration warmup, Duration sampleEvery, boolean fullGcs, int connections,
    int accounts, String serviceJvmOptions, Path gcLogs) {

  public static SoakSettings fromEnvironment(Path home, Map<String, String> env) {
    String gcLogs = env.getOrDefault("IDNET_SOAK_GC_LOGS", "");
    String jvm = BenchmarkSettings.serviceJvmOptions(env);
    if (gcLogs.isBlank() || !jvm.contains("-Xlog:gc:file=" + gcLogs)) {
      throw new IllegalArgumentException("IDNET_SOAK_GC_LOGS is not set, or IDNET_SERVICE_JVM_OPTS does not write GC logs"
          + " there: start the soak with bin/soak");
    }
    return new SoakSettings(home,
        BenchmarkSettings.number(env, "IDNET_SOAK_MINUTES", 10, 1),
        SoakRate.resolve(env, home.resolve("benchmarks/target/results/latest/results.json")),
        BenchmarkSettings.number(env, "IDNET_SOAK_LOOKUP_RATE", 2, 0),
        BenchmarkSettings.number(env, "IDNET_SOAK_OTP_RATE", 2, 0),
        Duration.ofSeconds(BenchmarkSettings.number(env, "IDNET_SOAK_DISCLOSURE_EVERY", 5, 0)),
        Duration.ofSeconds(BenchmarkSettings.number(env, "IDNET_SOAK_WARMUP", 120, 0)),
        Duration.ofSeconds(BenchmarkSettings.number(env, "IDNET_SOAK_SAMPLE_EVERY", 5, 1)),
        BenchmarkSettings.number(env, "IDNET_SOAK_FULL_GC", 1, 0) != 0,
        BenchmarkSettings.number(env, "IDNET_BENCH_CONNECTIONS", 16, 1),
        BenchmarkSettings.number(env, "IDNET_BENCH_ACCOUNTS", 1000, 500),
        jvm, Path.of(gcLogs));
  }

  public Duration length() {
    return Duration.ofMinutes(minutes);
  }

  /**
   * When the rounds of full collections start, in seconds after minute 1 began: 10 s into each
   * third of minutes 2..N (in a 10-minute run at 70, 250 and 430 s: minutes 2, 5 and 8). A round's
   * pauses show in that minute's p99; none falls in the last minute, the one the flatness rule
   * compares, once the run is 8 minutes or longer.
   */
  public List<Long> fullGcRounds() {
    if (!fullGcs) {
      return List.of();
    }
    long span = (minutes - 1) * 60L;
    return List.of(60 + 10L, 60 + span / 3 + 10, 60 + 2 * span / 3 + 10);
  }
}
