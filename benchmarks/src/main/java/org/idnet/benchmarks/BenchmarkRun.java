package org.idnet.benchmarks;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idnet.benchmarks.baseline.BaselineProcess;
import org.idnet.benchmarks.network.SeededNetwork;
import org.idnet.benchmarks.records.SkewedAccounts;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.network.Tokens;
import org.idnet.benchmarks.observe.Counters;
import org.idnet.benchmarks.observe.CpuSampler;
import org.idnet.benchmarks.observe.PrometheusCounters;
import org.idnet.benchmarks.observe.RedisInfo;
import org.idnet.benchmarks.phone.PhoneFlows;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.idnet.stores.LocalRedis;
import org.idnet.tls.MutualTls;

/**
 * One benchmark run: the network started as the sandbox starts it (temporary data, free ports,
 * production-like service JVMs, the gateway's rate limits on but set high enough not to throttle),
 * accounts seeded, the baselines started, then the rounds, the profile and the report.
 */
public final class BenchmarkRun implements AutoCloseable {

  /** Rate limiting stays on (it is part of P1's path); the limits are only raised above what 2 cores can send. */
  public static final List<String> GATEWAY_ARGUMENTS = List.of(
      "--idnet.gateway.rate-limits.check.replenish-rate=1000000",
      "--idnet.gateway.rate-limits.check.burst-capacity=2000000",
      "--idnet.gateway.rate-limits.lookup.replenish-rate=100000",
      "--idnet.gateway.rate-limits.lookup.burst-capacity=200000");

  /** P4's flows through the gateway: its otp-send and otp-check rate limits stay on, raised likewise (not in the soak). */
  public static final List<String> PHONE_GATEWAY_ARGUMENTS = List.of(
      "--idnet.gateway.rate-limits.otp-send.replenish-rate=100000",
      "--idnet.gateway.rate-limits.otp-send.burst-capacity=200000",
      "--idnet.gateway.rate-limits.otp-check.replenish-rate=100000",
      "--idnet.gateway.rate-limits.otp-check.burst-capacity=200000");

  /**
   * P4's phone-otp-service: the recording SMS adapter (nothing sent, the last code per number kept in
   * memory for the driver to read; sandbox profile only), and the two abuse limits one platform
   * sending a thousand flows a second must exceed raised far above that. Every limit is still
   * counted and checked on every call; the per-number limits keep their defaults, since every flow
   * uses a number of its own ({@link org.idnet.benchmarks.phone.FlowNumbers}).
   */
  public static final List<String> OTP_ARGUMENTS = List.of(
      "--idnet.otp.sms.adapter=recording",
      "--idnet.otp.limits.max-verifications-per-platform=100000000",
      "--idnet.otp.limits.max-sends-per-prefix=500000000",
      "--idnet.otp.limits.max-sends-per-prefix-per-platform=100000000");

  private final BenchmarkSettings settings;
  private final Path results;
  private final Path data;
  private final List<AutoCloseable> open = new ArrayList<>();
  private SeededNetwork seeded;
  private SandboxNetwork network;

  BenchmarkRun(BenchmarkSettings settings) throws IOException {
    this.settings = settings;
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.results = settings.home().resolve("benchmarks/target/results").resolve(stamp);
    Files.createDirectories(results);
    this.data = Files.createTempDirectory("idnet-benchmark-");
  }

  /** The benchmark's gateway: the rate limits of P1-P3 and of P4's flows raised. */
  static List<String> gatewayArguments() {
    List<String> arguments = new ArrayList<>(GATEWAY_ARGUMENTS);
    arguments.addAll(PHONE_GATEWAY_ARGUMENTS);
    return arguments;
  }

  Path results() {
    return results;
  }

  RunOutcome run() throws Exception {
    boolean skewed = settings.records() > 0;
    seeded = SeededNetwork.start(settings.home(), data,
        Map.of("gateway", gatewayArguments(), "phone-otp-service", OTP_ARGUMENTS), skewed ? 0 : settings.accounts());
    network = seeded.network();
    SandboxSettings sandbox = network.settings();
    List<String> accounts;
    String keys;
    if (skewed) {
      SkewedAccounts spread = SkewedAccounts.load(network.postgres(), data, settings.records(), settings.zipfExponent());
      accounts = spread.ids();
      keys = spread.describe();
    } else {
      accounts = seeded.accounts();
      keys = String.format("%,d phone-bound accounts seeded and cycled through (a cache's best case)", accounts.size());
    }
    Progress.say("P1-P3 ask for: " + keys);
    // The drivers call as the gateway does (its sandbox certificate).
    MutualTls gateway = track(seeded.tls("gateway"));
    List<ManagedChannel> identity = channels(gateway, sandbox.identityGrpcPort(), "identity-service");
    Tokens tokens = seeded.tokens();
    byte[] answer = sampleAnswer(tokens, accounts.get(0));

    int httpPort = LocalRedis.freePort();
    int grpcPort = LocalRedis.freePort();
    BaselineProcess http = track(BaselineProcess.start("http-baseline", httpPort,
        List.of(Base64.getEncoder().encodeToString(answer)), settings.serviceJvmOptions(), data.resolve("logs/B_http.log")));
    BaselineProcess grpc = track(BaselineProcess.start("grpc-baseline", grpcPort,
        List.of(network.tlsDirectory("identity-service").toString()),
        settings.serviceJvmOptions(), data.resolve("logs/B_grpc.log")));
    CpuSampler cpu = new CpuSampler(groups(sandbox, http, grpc));
    // Cache hits beside each window: Redis's own counters, and any cache counter the gateway or
    // identity-service exposes (the hook for caches that count themselves).
    Counters counters = Counters.all(List.of(new RedisInfo("127.0.0.1", sandbox.redisPort()),
        new PrometheusCounters("gateway", URI.create("http://127.0.0.1:" + sandbox.gatewayManagementPort() + "/actuator/prometheus")),
        new PrometheusCounters("identity", URI.create("http://127.0.0.1:" + sandbox.identityHttpPort() + "/actuator/prometheus"))));
    PhoneFlows phone = new PhoneFlows(network.gatewayUrl(), channels(gateway, sandbox.otpGrpcPort(), "phone-otp-service"));

    Phases phases = new Phases(settings, tokens, cpu, counters, results, network.gatewayUrl(), "http://localhost:" + httpPort,
        channels(gateway, grpcPort, "identity-service"), identity, accounts, phone);
    LookupProbe lookups = phases.probeLookups();
    Progress.say("batch look-ups: " + lookups.note());
    phases.warmUp(lookups, network.pid("gateway"), network.pid("phone-otp-service"));
    Instant roundsBegan = Instant.now();
    RunOutcome outcome = new RunOutcome(new ArrayList<>(), lookups, answer.length);
    outcome.keys(keys);
    for (int round = 1; round <= settings.runs(); round++) {
      outcome.measurements().add(phases.httpBaseline(round));
      var p1 = phases.verifyAccount(round);
      outcome.measurements().add(p1);
      if (p1.throughput() > 0) {
        outcome.measurements().add(phases.verifyAccountAtRate(round, p1.throughput() / 2));
      }
      outcome.measurements().add(phases.grpcBaseline(round));
      outcome.measurements().add(phases.checkAccount(round));
      if (lookups.grpc()) {
        outcome.measurements().add(phases.lookupAccounts(round));
      }
      if (lookups.gateway()) {
        outcome.measurements().add(phases.lookupAccountsViaGateway(round));
      }
      if (settings.flows() > 0) {
        outcome.measurements().add(phases.phoneFlows(round));
      }
    }
    outcome.notes().add(phases.warmupSteps());
    if (settings.profile()) {
      outcome.profile(new Profiling(phases, results.resolve("profile"), network.pid("gateway"),
          network.pid("identity-service"), network.pid("phone-otp-service"), settings.measure())
          .run(lookups.grpc(), settings.flows() > 0));
    }
    outcome.notes().addAll(LogErrors.notes(data.resolve("logs"), roundsBegan));
    return outcome;
  }

  /** A real verify-account answer through the gateway: proves the seeding, and sizes B_http's fixed body like it. */
  private byte[] sampleAnswer(Tokens tokens, String account) throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(network.gatewayUrl() + "/v1/accounts/" + account + "/verification"))
            .header("Authorization", "Bearer " + tokens.token(Seeder.PLATFORM)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() != 200 || !(body.contains("\"PHONE\"") || body.contains("\"REAL_NAME\""))) {
      throw new IllegalStateException("the first account asked for does not read verified: HTTP " + response.statusCode()
          + " " + body);
    }
    return response.body();
  }

  private Map<String, CpuSampler.Group> groups(SandboxSettings sandbox, BaselineProcess http, BaselineProcess grpc) {
    long self = ProcessHandle.current().pid();
    Map<String, CpuSampler.Group> groups = new LinkedHashMap<>();
    groups.put("gateway", CpuSampler.Group.process(network.pid("gateway")));
    groups.put("identity", CpuSampler.Group.process(network.pid("identity-service")));
    groups.put("phone-otp", CpuSampler.Group.process(network.pid("phone-otp-service")));
    groups.put("disclosure", CpuSampler.Group.process(network.pid("disclosure-service")));
    long postgres = CpuSampler.findProcess("postgres", data.resolve("postgres").toString());
    long redis = CpuSampler.findProcess("redis", ":" + sandbox.redisPort());
    if (postgres < 0 || redis < 0) {
      Progress.say("note: could not find the PostgreSQL or Redis process; their CPU shows under 'rest of machine'");
    }
    groups.put("postgres", CpuSampler.Group.tree(postgres));
    groups.put("redis", CpuSampler.Group.process(redis));
    groups.put("B_http srv", CpuSampler.Group.process(http.pid()));
    groups.put("B_grpc srv", CpuSampler.Group.process(grpc.pid()));
    groups.put("wrk", CpuSampler.Group.reapedChildrenOf(self));
    groups.put("bench JVM", CpuSampler.Group.process(self));
    return groups;
  }

  /**
   * Mutual TLS to a service ({@code authority}: identity-service, or B_grpc, which serves its
   * certificate; phone-otp-service), as the gateway's channels are.
   */
  private List<ManagedChannel> channels(MutualTls tls, int port, String authority) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < settings.grpcChannels(); i++) {
      // Responses handled on the transport's threads: the driver adds no thread hop of its own.
      channels.add(track(tls.channel("127.0.0.1:" + port, authority).directExecutor().build()));
    }
    return channels;
  }

  private <T> T track(T resource) {
    if (resource instanceof ManagedChannel channel) {
      open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    } else if (resource instanceof AutoCloseable closeable) {
      open.add(closeable);
    }
    return resource;
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        System.err.println("could not close " + open.get(i) + ": " + e);
      }
    }
    if (seeded != null) {
      seeded.close();
    }
    try {
      SeededNetwork.keepLogsAndDelete(data, results);
    } catch (IOException e) {
      System.err.println("could not clean " + data + ": " + e);
    }
  }
}
