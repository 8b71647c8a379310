package org.idnet.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.idnet.benchmarks.BenchmarkRun;
import org.idnet.benchmarks.LogErrors;
import org.idnet.benchmarks.Progress;
import org.idnet.benchmarks.load.FixedRateFlows;
import org.idnet.benchmarks.load.FixedRateHttpDriver;
import org.idnet.benchmarks.load.LoadResult;
import org.idnet.benchmarks.load.Window;
import org.idnet.benchmarks.network.SeededNetwork;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.observe.CpuSampler;
import org.idnet.benchmarks.observe.ProcessCounts;
import org.idnet.benchmarks.report.Machine;

/**
 * {@code bin/soak}: the benchmark's network under mixed traffic for minutes on end: verify-account
 * open-loop at P1@half, batch look-ups, OTP flows and disclosures beside it; then the errors, the
 * p99 of every minute, the heap after full collections, descriptors and threads, and the verdict.
 */
public final class SoakRun {

  static final String VERIFY = "verify-account";
  private static final long MINUTE = 60_000_000_000L;
  private static final List<String> JVMS = List.of("gateway", "identity-service", "phone-otp-service", "disclosure-service");

  private final SoakSettings settings;
  private final Path results;
  private final Path data;

  private SoakRun(SoakSettings settings) throws Exception {
    this.settings = settings;
    this.results = settings.home().resolve("benchmarks/target/soak")
        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(results);
    this.data = Files.createTempDirectory("idnet-soak-");
  }

  /** Runs the soak; 0 when every rule passed, 1 when one failed. */
  public static int run(SoakSettings settings) throws Exception {
    Path home = settings.home();
    Machine machine = Machine.current();
    Progress.say(String.format("soak: %d min at %d verify-account/s (%s), %d look-ups/s, %d OTP flows/s, a disclosure every %d s;"
        + " machine %d cores, load %s", settings.minutes(), settings.rate().perSecond(), settings.rate().source(),
        settings.lookupsPerSecond(), settings.otpPerSecond(), settings.disclosureEvery().toSeconds(), machine.cores(), machine.load()));
    SoakRun run = new SoakRun(settings);
    SeededNetwork network;
    try {
      network = SeededNetwork.start(home, run.data, Map.of("gateway", BenchmarkRun.GATEWAY_ARGUMENTS), settings.accounts());
    } catch (Exception | Error e) {
      SeededNetwork.keepLogsAndDelete(run.data, run.results);
      throw e;
    }
    Thread cleanup = new Thread(() -> run.stop(network), "soak-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      SoakReport report = run.soak(network, machine);
      String markdown = report.markdown();
      Files.writeString(run.results.resolve("summary.md"), markdown);
      report.writeSamples(run.results);
      System.out.println();
      System.out.println(markdown);
      System.out.println("Raw results: " + run.results);
      return report.passed() ? 0 : 1;
    } finally {
      run.stop(network);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private SoakReport soak(SeededNetwork network, Machine machine) throws Exception {
    Map<String, Long> jvms = new LinkedHashMap<>();
    JVMS.forEach(name -> jvms.put(name, network.network().pid(name)));
    long start = System.nanoTime();
    long begin = start + settings.warmup().toNanos();
    long end = begin + settings.minutes() * MINUTE;
    Instant beganAt = Instant.now().plusNanos(begin - start);
    SoakRecorder recorder = new SoakRecorder(begin, settings.minutes());
    SoakApi api = new SoakApi(network.network().gatewayUrl(), network.tokens(), recorder);
    Traffic traffic = new Traffic(api, network.accounts());
    List<FixedRateFlows> flows = new ArrayList<>();
    List<Long> rounds = settings.fullGcRounds().stream().map(s -> begin + s * 1_000_000_000L).toList();
    try (Watch watch = new Watch(processes(network, jvms), jvms, settings.sampleEvery(), rounds)) {
      flows.add(FixedRateFlows.start("lookups", settings.lookupsPerSecond(), start, end, traffic::lookup));
      flows.add(FixedRateFlows.start("otp", settings.otpPerSecond(), start, end, traffic::otp));
      double disclosures = settings.disclosureEvery().isZero() ? 0 : 1.0 / settings.disclosureEvery().toSeconds();
      flows.add(FixedRateFlows.start("disclosures", disclosures, start, end, traffic::disclosure));
      verifyAccount(network, recorder, begin);
      for (FixedRateFlows f : flows) {
        f.awaitEnd(Duration.ofSeconds(30));
      }
      Map<String, List<Watch.Counts>> samples = watch.samples();
      List<String> notes = new ArrayList<>(watch.notes());
      countLogErrors(recorder, beganAt, notes);
      Map<String, List<org.idnet.benchmarks.observe.GcLog.FullGc>> collections = FullCollections.read(settings.gcLogs(), jvms,
          results.resolve("gc"));
      return new SoakReport(settings, machine, recorder, samples, collections, beganAt.toEpochMilli(), notes);
    } finally {
      flows.forEach(FixedRateFlows::close);
    }
  }

  /** Verify-account: the warm-up ramp (a quarter, half, then all of the rate), then one driver run per minute. */
  private void verifyAccount(SeededNetwork network, SoakRecorder recorder, long begin) throws Exception {
    String gateway = network.network().gatewayUrl();
    List<String> paths = network.accounts().stream().map(id -> "/v1/accounts/" + id + "/verification").toList();
    double rate = settings.rate().perSecond();
    double[] ramp = {0.25, 0.5, 1.0};
    for (int step = 0; step < ramp.length && !settings.warmup().isZero(); step++) {
      Duration left = Duration.ofNanos((begin - System.nanoTime()) / (ramp.length - step));
      if (left.toSeconds() < 1) {
        continue; // a step ran long: the backlog of a cold network drained past its time
      }
      Progress.say(String.format("warm-up: %.0f verify-account/s for %d s, the other traffic beside it", rate * ramp[step],
          left.toSeconds()));
      drive(network, gateway, paths, rate * ramp[step], left, recorder);
    }
    for (int minute = 0; minute < settings.minutes(); minute++) {
      long left = begin + (minute + 1) * MINUTE - System.nanoTime();
      if (left <= 0) {
        continue;
      }
      LoadResult result = drive(network, gateway, paths, rate, Duration.ofNanos(left), recorder);
      recorder.minute(VERIFY, minute, result);
      Progress.say(SoakReport.progressLine(minute, settings.minutes(), recorder));
    }
  }

  private LoadResult drive(SeededNetwork network, String gateway, List<String> paths, double rate, Duration length,
      SoakRecorder recorder) throws Exception {
    // A fresh token each run: sandbox tokens live five minutes.
    return FixedRateHttpDriver.run(gateway, paths, network.tokens().token(Seeder.PLATFORM), rate, settings.connections(),
        Duration.ZERO, length, Window.NONE, error -> recorder.error(VERIFY, error, System.nanoTime()));
  }

  /** Service JVMs, PostgreSQL with its backends, Redis, and this JVM. */
  private Map<String, Supplier<Optional<ProcessCounts>>> processes(SeededNetwork network, Map<String, Long> jvms) {
    Map<String, Supplier<Optional<ProcessCounts>>> processes = new LinkedHashMap<>();
    jvms.forEach((name, pid) -> processes.put(name, () -> ProcessCounts.of(pid)));
    long postgres = CpuSampler.findProcess("postgres", data.resolve("postgres").toString());
    long redis = CpuSampler.findProcess("redis", ":" + network.network().settings().redisPort());
    if (postgres > 0) {
      processes.put(SoakReport.POSTGRES + " (threads = processes: postmaster, workers, a backend a connection)",
          () -> ProcessCounts.ofTree(postgres));
    }
    if (redis > 0) {
      processes.put("redis", () -> ProcessCounts.of(redis));
    }
    long self = ProcessHandle.current().pid();
    processes.put("soak driver", () -> ProcessCounts.of(self));
    return processes;
  }

  /** ERROR entries of the service logs in the measured minutes are errors; those of the warm-up, notes. */
  private void countLogErrors(SoakRecorder recorder, Instant beganAt, List<String> notes) throws Exception {
    try (var files = Files.list(data.resolve("logs"))) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        LogErrors.count(lines, at -> !at.isBefore(beganAt))
            .forEach((cause, n) -> recorder.errors("ERROR in " + log.getFileName() + ": " + cause, n));
        Map<String, Integer> before = LogErrors.count(lines, at -> at.isBefore(beganAt));
        if (!before.isEmpty()) {
          notes.add(log.getFileName() + ": ERROR entries before the measured minutes (start, seeding, warm-up): " + before);
        }
      }
    }
  }

  private synchronized void stop(SeededNetwork network) {
    if (!Files.exists(data)) {
      return;
    }
    network.close();
    try {
      SeededNetwork.keepLogsAndDelete(data, results);
    } catch (Exception e) {
      System.err.println("could not clean " + data + ": " + e);
    }
  }
}
