package org.idnet.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.idnet.benchmarks.baseline.BareGrpcServer;
import org.idnet.benchmarks.baseline.BareHttpServer;
import org.idnet.benchmarks.load.Wrk;
import org.idnet.benchmarks.report.Machine;
import org.idnet.benchmarks.report.Report;
import org.idnet.benchmarks.soak.SoakSettings;

/**
 * {@code bin/benchmark}: runs every measurement and prints the figures. The same jar also serves
 * the baselines in their own JVMs ({@code http-baseline <port> <body>}, {@code grpc-baseline <port> <tls directory>}).
 */
public final class BenchmarkMain {

  private BenchmarkMain() {
  }

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "run" : args[0];
    // grpc-java logs through java.util.logging; its INFO lines (transport details) are noise here.
    java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);
    switch (command) {
      case "http-baseline" -> BareHttpServer.serve(Integer.parseInt(args[1]), Base64.getDecoder().decode(args[2]));
      case "grpc-baseline" -> BareGrpcServer.serve(Integer.parseInt(args[1]), java.nio.file.Path.of(args[2]));
      case "run" -> System.exit(run());
      case "soak" -> System.exit(org.idnet.benchmarks.soak.SoakRun.run(settings(() -> SoakSettings.fromEnvironment(
          Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize(), System.getenv()))));
      case "records" -> System.exit(org.idnet.benchmarks.records.RecordsRun.run(settings(() ->
          org.idnet.benchmarks.records.RecordsSettings.of(Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath()
              .normalize(), args.length > 1 ? args[1] : null, System.getenv()))));
      case "webhooks" -> System.exit(org.idnet.benchmarks.webhooks.WebhooksRun.run(
          Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize(), System.getenv()));
      case "imports" -> System.exit(org.idnet.benchmarks.imports.ImportsRun.run(
          Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize(), System.getenv()));
      case "sandbox-start" -> System.exit(org.idnet.benchmarks.start.SandboxStart.run(
          Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize()));
      default -> {
        System.err.println("usage: BenchmarkMain [run | soak | sandbox-start | webhooks | imports | records [100k|1m|10m|N] | http-baseline <port> <base64 body> | grpc-baseline <port> <tls directory>]");
        System.exit(2);
      }
    }
  }

  private static int run() throws Exception {
    if (!Wrk.available()) {
      System.err.println("wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk; macOS: brew install wrk)"
          + " and run bin/benchmark again.");
      return 1;
    }
    Path home = Path.of(System.getProperty("idnet.home", ".")).toAbsolutePath().normalize();
    BenchmarkSettings settings = settings(() -> BenchmarkSettings.fromEnvironment(home, System.getenv()));
    Machine machine = Machine.current();
    Progress.say("machine: " + machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memory() + " RAM; "
        + machine.jdk() + "; load " + machine.load());
    BenchmarkRun run = new BenchmarkRun(settings);
    Thread cleanup = new Thread(run::close, "benchmark-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    RunOutcome outcome;
    try {
      outcome = run.run();
    } finally {
      run.close();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("machine", machine);
    Map<String, Object> knobs = new LinkedHashMap<>();
    knobs.put("runs", settings.runs());
    knobs.put("jitWarmupSeconds", settings.jitWarmup().toSeconds());
    knobs.put("warmupSeconds", settings.warmup().toSeconds());
    knobs.put("measureSeconds", settings.measure().toSeconds());
    knobs.put("connections", settings.connections());
    knobs.put("wrkThreads", settings.wrkThreads());
    knobs.put("grpcChannels", settings.grpcChannels());
    knobs.put("batchConcurrency", settings.batchConcurrency());
    knobs.put("accounts", settings.accounts());
    knobs.put("records", settings.records());
    knobs.put("zipfExponent", settings.zipfExponent());
    context.put("keys", outcome.keys());
    knobs.put("flows", settings.flows());
    knobs.put("serviceJvmOptions", settings.serviceJvmOptions());
    knobs.put("gatewayArguments", BenchmarkRun.gatewayArguments());
    knobs.put("phoneOtpArguments", BenchmarkRun.OTP_ARGUMENTS);
    context.put("settings", knobs);
    context.put("lookups", outcome.lookups().note());
    Report report = new Report(outcome.measurements(), context);
    String markdown = markdown(machine, settings, outcome, report);
    report.write(run.results(), markdown);
    if (!outcome.profile().isBlank()) {
      Files.writeString(run.results().resolve("profile/summary.txt"), outcome.profile());
    }
    link(run.results());
    System.out.println();
    System.out.println(markdown);
    System.out.println("Raw results: " + run.results());
    return 0;
  }

  private static String markdown(Machine machine, BenchmarkSettings settings, RunOutcome outcome, Report report) {
    StringBuilder out = new StringBuilder();
    out.append("# idnet benchmark run\n\n");
    out.append("- machine: ").append(machine.cores()).append(" cores, ").append(machine.cpuModel()).append(", ")
        .append(machine.memory()).append(" RAM, ").append(machine.os()).append("; load before the run: ")
        .append(machine.load()).append('\n');
    out.append("- JDK (benchmark, services and baselines): ").append(machine.jdk()).append('\n');
    out.append("- service and baseline JVM options: `").append(settings.serviceJvmOptions()).append("`\n");
    out.append(String.format("- JIT warm-up before the first round: P1 until it stops gaining and the gateway's JIT is quiet"
        + " (at most %d s), the fixed-rate driver until this JVM's JIT is quiet, 10 s of each other load%n",
        settings.jitWarmup().toSeconds()));
    out.append(String.format("- %d rounds; each window %d s after %d s of warm-up; %d connections / outstanding calls;"
            + " wrk %d threads; %d gRPC channels; %d outstanding 500-id look-ups%n",
        settings.runs(), settings.measure().toSeconds(), settings.warmup().toSeconds(), settings.connections(),
        settings.wrkThreads(), settings.grpcChannels(), settings.batchConcurrency()));
    out.append("- P1-P3 ask for: ").append(outcome.keys()).append('\n');
    out.append("- B_http answers a fixed body of ").append(outcome.answerBytes())
        .append(" bytes, the size of a real verify-account answer\n");
    out.append("- batch look-ups: ").append(outcome.lookups().note()).append('\n');
    if (settings.flows() > 0) {
      out.append("- P4: ").append(settings.flows()).append(" flows at a time, each with a number and an account of its own;"
          + " phone-otp-service with `").append(String.join(" ", BenchmarkRun.OTP_ARGUMENTS))
          .append("` (the recording SMS adapter: nothing sent; the per-platform and per-prefix abuse limits raised,"
              + " still counted and checked on every call; the per-number limits at their defaults); the gateway's"
              + " otp-send and otp-check rate limits raised likewise\n");
    }
    out.append('\n');
    out.append("## Figures (medians of the rounds; ratios against the baseline of the same round)\n\n");
    out.append(report.table()).append('\n');
    out.append("## CPU per process during each window (cores; 2 = the whole machine)\n\n");
    out.append(report.cpuTable()).append('\n');
    out.append("## Cache hits during each window\n\n");
    out.append(report.cacheTable()).append('\n');
    out.append("identity-service's answer cache counts nothing itself: its hit rate is estimated from Redis's counters"
        + " (1 − keyspace misses / MGET calls; in P1 and P2 its cache read is the only MGET, one key each)."
        + (report.hasCountedCaches() ? "" : " No service exposed a cache counter of its own (a Prometheus counter whose"
            + " name mentions a cache, e.g. a gateway near cache's `cache_gets_total{result=\"hit\"|\"miss\"}`): none"
            + " is listed.") + "\n\n");
    String flowCost = report.flowCost();
    if (!flowCost.isBlank()) {
      out.append("## Where P4's time goes (per completed flow)\n\n").append(flowCost).append('\n');
    }
    String notes = report.notes();
    for (String note : outcome.notes()) {
      notes += (notes.isBlank() ? "" : "\n") + "- " + note;
    }
    if (!notes.isBlank()) {
      out.append("## Notes from the tools and logs\n\n").append(notes).append("\n\n");
    }
    if (!outcome.profile().isBlank()) {
      out.append("## Profile (JFR, after the rounds)\n\n```\n").append(outcome.profile()).append("```\n");
    }
    return out.toString();
  }

  /** Settings read from the environment; a wrong knob ends the program with its message and exit code 2. */
  private static <T> T settings(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /** {@code benchmarks/target/results/latest} points at the newest run. */
  private static void link(Path results) {
    Path latest = results.resolveSibling("latest");
    try {
      Files.deleteIfExists(latest);
      Files.createSymbolicLink(latest, results.getFileName());
    } catch (Exception e) {
      // a convenience only
    }
  }
}
