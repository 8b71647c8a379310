package org.idnet.benchmarks;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.idnet.benchmarks.load.ClosedLoopDriver;
import org.idnet.benchmarks.load.FixedRateHttpDriver;
import org.idnet.benchmarks.load.LoadResult;
import org.idnet.benchmarks.load.Window;
import org.idnet.benchmarks.load.Wrk;
import org.idnet.benchmarks.load.WrkScript;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.network.Tokens;
import org.idnet.benchmarks.observe.Counters;
import org.idnet.benchmarks.observe.CpuSampler;
import org.idnet.benchmarks.observe.ThreadCpu;
import org.idnet.benchmarks.phone.PhoneFlows;
import org.idnet.benchmarks.report.Measurement;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.LookupAccountsRequest;

/**
 * The measurements of one round, each a warm-up then a measured window with the CPU split beside
 * it: the baselines and P1-P3 with the same tool and the same connections or concurrency.
 */
final class Phases {

  static final String LOOKUP_PATH = "/v1/accounts/verification-lookups";

  /** The phases whose cache counters the report shows. */
  private static final Set<String> COUNTED = Set.of("P1", "P2", "P4");

  /** JIT compiler threads using less than this many cores: the hot code is compiled. */
  private static final double QUIET_COMPILER = 0.05;

  private final BenchmarkSettings settings;
  private final Wrk wrk;
  private final Tokens tokens;
  private final CpuSampler cpu;
  private final Counters counters;
  private final PhoneFlows phone;
  private final Path results;
  private final String gatewayUrl;
  private final String httpBaselineUrl;
  private final List<String> checkPaths;
  private final Path checkScript;
  private final Path lookupScript;
  private final List<HealthGrpc.HealthFutureStub> health = new ArrayList<>();
  private final List<AccountVerificationServiceGrpc.AccountVerificationServiceFutureStub> identity = new ArrayList<>();
  private final List<CheckAccountRequest> checks;
  private final List<LookupAccountsRequest> lookups = new ArrayList<>();
  private String warmupSteps = "";

  Phases(BenchmarkSettings settings, Tokens tokens, CpuSampler cpu, Counters counters, Path results, String gatewayUrl,
      String httpBaselineUrl, List<ManagedChannel> grpcBaseline, List<ManagedChannel> identityChannels,
      List<String> accounts, PhoneFlows phone) throws Exception {
    this.settings = settings;
    this.wrk = new Wrk(settings.wrkThreads(), settings.connections());
    this.tokens = tokens;
    this.cpu = cpu;
    this.counters = counters;
    this.phone = phone;
    this.results = results;
    this.gatewayUrl = gatewayUrl;
    this.httpBaselineUrl = httpBaselineUrl;
    this.checkPaths = accounts.stream().map(id -> "/v1/accounts/" + id + "/verification").toList();
    this.checkScript = WrkScript.get(results.resolve("wrk/verify-account.lua"), checkPaths);
    // As the gateway calls: its certificate on the channel, the caller it states in the metadata.
    Caller platform = new Caller("service-account-" + Seeder.PLATFORM, Seeder.PLATFORM, "", Set.of("platform"));
    grpcBaseline.forEach(c -> health.add(HealthGrpc.newFutureStub(c)));
    identityChannels.forEach(c -> identity.add(AccountVerificationServiceGrpc.newFutureStub(c)
        .withInterceptors(CallerMetadata.attaching(platform))));
    this.checks = accounts.stream().map(id -> CheckAccountRequest.newBuilder().setAccountId(id).build()).toList();
    List<String> bodies = new ArrayList<>();
    for (int from = 0; from + 500 <= accounts.size(); from += 500) {
      List<String> batch = accounts.subList(from, from + 500);
      lookups.add(LookupAccountsRequest.newBuilder().addAllAccountIds(batch).build());
      bodies.add(batch.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"accountIds\":[", "]}")));
    }
    this.lookupScript = WrkScript.post(results.resolve("wrk/lookups.lua"), LOOKUP_PATH, bodies);
  }

  /** What a measurement does inside its window. */
  @FunctionalInterface
  interface Work {
    LoadResult run(Window window) throws Exception;
  }

  Measurement measure(String phase, int round, int units, Work work) throws Exception {
    // Counters only where they are reported: reading them takes a few requests at the window's ends,
    // which must not delay the fixed-rate driver's sends (P1@half counts latency from the due time).
    CpuWindow window = new CpuWindow(cpu, COUNTED.contains(phase) ? counters : Map::of);
    LoadResult result = work.run(window);
    Measurement measurement = new Measurement(phase, round, result, units, window.cores(), window.counters());
    Progress.measured(measurement);
    return measurement;
  }

  Measurement httpBaseline(int round) throws Exception {
    return measure("B_http", round, 1, w -> wrk.run(httpBaselineUrl, checkScript, token(), settings.warmup(),
        settings.measure(), output("B_http", round), w));
  }

  Measurement verifyAccount(int round) throws Exception {
    return measure("P1", round, 1, w -> verifyAccountLoad(settings.measure(), output("P1", round), w));
  }

  LoadResult verifyAccountLoad(Duration measure, Path output, Window window) throws Exception {
    return wrk.run(gatewayUrl, checkScript, token(), settings.warmup(), measure, output, window);
  }

  /** P1's latency at a fixed rate: half of what P1 reached in the same round. */
  Measurement verifyAccountAtRate(int round, double rate) throws Exception {
    return measure("P1@half", round, 1, w -> FixedRateHttpDriver.run(gatewayUrl, checkPaths, token(), rate,
        settings.connections(), settings.warmup(), settings.measure(), w));
  }

  Measurement grpcBaseline(int round) throws Exception {
    HealthCheckRequest empty = HealthCheckRequest.getDefaultInstance();
    return measure("B_grpc", round, 1, w -> ClosedLoopDriver.run(settings.connections(), settings.warmup(),
        settings.measure(), w, seq -> health.get((int) (seq % health.size()))
            .withDeadlineAfter(5, TimeUnit.SECONDS).check(empty)));
  }

  Measurement checkAccount(int round) throws Exception {
    return measure("P2", round, 1, w -> checkAccountLoad(settings.measure(), w));
  }

  LoadResult checkAccountLoad(Duration measure, Window window) throws Exception {
    return ClosedLoopDriver.run(settings.connections(), settings.warmup(), measure, window, this::checkCall);
  }

  private ListenableFuture<?> checkCall(long seq) {
    return identity.get((int) (seq % identity.size())).withDeadlineAfter(5, TimeUnit.SECONDS)
        .checkAccount(checks.get((int) (seq % checks.size())));
  }

  Measurement lookupAccounts(int round) throws Exception {
    return measure("P3", round, 500, w -> lookupAccountsLoad(settings.measure(), w));
  }

  LoadResult lookupAccountsLoad(Duration measure, Window window) throws Exception {
    return ClosedLoopDriver.run(settings.batchConcurrency(), settings.warmup(), measure, window,
        seq -> identity.get((int) (seq % identity.size())).withDeadlineAfter(10, TimeUnit.SECONDS)
            .lookupAccounts(lookups.get((int) (seq % lookups.size()))));
  }

  Measurement lookupAccountsViaGateway(int round) throws Exception {
    Wrk batchWrk = new Wrk(Math.min(settings.wrkThreads(), settings.batchConcurrency()), settings.batchConcurrency());
    return measure("P3@gateway", round, 500, w -> batchWrk.run(gatewayUrl, lookupScript, token(), settings.warmup(),
        settings.measure(), output("P3-gateway", round), w));
  }

  /** P4: phone verification flows (start, read the code, check) through the gateway, closed loop. */
  Measurement phoneFlows(int round) throws Exception {
    return measure("P4", round, 1, w -> phoneFlowLoad(settings.measure(), w));
  }

  LoadResult phoneFlowLoad(Duration measure, Window window) throws Exception {
    return phone.run(token(), settings.flows(), settings.warmup(), measure, window);
  }

  /**
   * Load on every path before the first round, nothing measured: the service and baseline JVMs
   * are fresh, and the gateway's reactive stack takes the JIT minutes to compile on 2 cores. P1
   * runs in 10-second steps until its throughput stops rising (less than 3 % on the best step)
   * and the gateway's JIT compiler threads have gone quiet, or the limit is reached (P1 also
   * warms identity's CheckAccount); then the fixed-rate driver (in this JVM) until this JVM's
   * compiler is quiet; the other loads 10 s each; P4's flows until the JIT of the gateway and of
   * phone-otp-service is quiet.
   */
  void warmUp(LookupProbe lookups, long gatewayPid, long otpPid) throws Exception {
    Duration limit = settings.jitWarmup();
    if (limit.isZero()) {
      return;
    }
    Duration step = Duration.ofSeconds(10);
    Path output = results.resolve("wrk").resolve("jit-warmup.txt");
    double best = 0;
    boolean settled = false;
    List<String> steps = new ArrayList<>();
    // The fixed-rate driver runs in this JVM: until its HTTP client is compiled, the compiler
    // takes CPU from the gateway on a 2-core machine and inflates the very latency it measures.
    // It warms up beside P1 at a quarter of P1's last step, so the two JIT warm-ups overlap
    // without the driver's backlog crowding out wrk.
    AtomicBoolean warming = new AtomicBoolean(true);
    AtomicReference<Double> driverRate = new AtomicReference<>(10.0);
    String token = token();
    Thread driverWarmup = Thread.ofPlatform().name("driver-warmup").start(() -> {
      while (warming.get()) {
        try {
          FixedRateHttpDriver.run(gatewayUrl, checkPaths, token, driverRate.get(), settings.connections(), Duration.ZERO,
              step, Window.NONE);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    for (Duration spent = Duration.ZERO; spent.compareTo(limit) < 0 && !settled; spent = spent.plus(step)) {
      ThreadCpu gateway = ThreadCpu.start(gatewayPid);
      double rate = wrk.start(gatewayUrl, checkScript, token(), step, output).await().throughput();
      double compiler = gateway.compilerCores();
      steps.add(String.format("%.0f (%.2f)", rate, compiler));
      driverRate.set(Math.max(10, rate / 4));
      settled = rate < best * 1.03 && compiler < QUIET_COMPILER && steps.size() >= 3;
      best = Math.max(best, rate);
    }
    warming.set(false);
    driverWarmup.join();
    warmupSteps = "JIT warm-up of P1 (beside the fixed-rate driver at a quarter of that), req/s per 10 s step (cores used by"
        + " the gateway's JIT compiler threads): " + String.join(", ", steps)
        + (settled ? "; levelled off" : "; limit reached before it levelled off");
    Progress.say(warmupSteps);
    long self = ProcessHandle.current().pid();
    for (int i = 0; i < 4; i++) {
      ThreadCpu driver = ThreadCpu.start(self);
      FixedRateHttpDriver.run(gatewayUrl, checkPaths, token(), best / 2, settings.connections(), Duration.ZERO, step, Window.NONE);
      if (driver.compilerCores() < QUIET_COMPILER) {
        break;
      }
    }
    wrk.start(httpBaselineUrl, checkScript, token(), step, output).await();
    HealthCheckRequest empty = HealthCheckRequest.getDefaultInstance();
    ClosedLoopDriver.run(settings.connections(), Duration.ZERO, step, Window.NONE,
        seq -> health.get((int) (seq % health.size())).withDeadlineAfter(5, TimeUnit.SECONDS).check(empty));
    checkAccountLoad(step, Window.NONE);
    if (lookups.grpc()) {
      lookupAccountsLoad(step, Window.NONE);
    }
    if (lookups.gateway()) {
      new Wrk(Math.min(settings.wrkThreads(), settings.batchConcurrency()), settings.batchConcurrency())
          .start(gatewayUrl, lookupScript, token(), step, output).await();
    }
    if (settings.flows() > 0) {
      warmUpPhoneFlows(limit, step, gatewayPid, otpPid);
    }
    Progress.say("JIT warm-up done");
  }

  /**
   * P4's flows in 10-second steps until the JIT compiler threads of the gateway (whose general path
   * they take, which P1 does not warm) and of phone-otp-service (no load before) have gone quiet,
   * at least two steps, at most the JIT warm-up's limit.
   */
  private void warmUpPhoneFlows(Duration limit, Duration step, long gatewayPid, long otpPid) throws Exception {
    List<String> steps = new ArrayList<>();
    boolean settled = false;
    for (Duration spent = Duration.ZERO; !settled && (steps.size() < 2 || spent.compareTo(limit) < 0);
        spent = spent.plus(step)) {
      ThreadCpu gateway = ThreadCpu.start(gatewayPid);
      ThreadCpu otp = ThreadCpu.start(otpPid);
      double rate = phoneFlowLoad(step, Window.NONE).throughput();
      double gatewayCompiler = gateway.compilerCores();
      double otpCompiler = otp.compilerCores();
      steps.add(String.format("%.0f (%.2f, %.2f)", rate, gatewayCompiler, otpCompiler));
      settled = steps.size() >= 2 && gatewayCompiler < QUIET_COMPILER && otpCompiler < QUIET_COMPILER;
    }
    String note = "JIT warm-up of P4, flows/s per 10 s step (cores used by the JIT compiler threads of the gateway,"
        + " phone-otp-service): " + String.join(", ", steps) + (settled ? "; quiet" : "; limit reached before they were quiet");
    Progress.say(note);
    warmupSteps += "\n- " + note;
  }

  /** How P1's throughput rose during the JIT warm-up. */
  String warmupSteps() {
    return warmupSteps;
  }

  /** One look-up of 500 ids, to know whether identity-service implements it yet. */
  LookupProbe probeLookups() {
    return LookupProbe.probe(identity.get(0), lookups.get(0), gatewayUrl + LOOKUP_PATH, this::token);
  }

  private String token() throws Exception {
    return tokens.token(Seeder.PLATFORM);
  }

  private Path output(String phase, int round) {
    return results.resolve("wrk").resolve(phase + "-round" + round + ".txt");
  }
}
