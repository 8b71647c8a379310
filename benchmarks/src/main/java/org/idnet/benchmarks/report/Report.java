package org.idnet.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The figures of a run: medians over the rounds, ratios against the baselines of the same round,
 * the targets of quality.md and how far each is met or missed; then where the CPU went.
 */
public final class Report {

  /** quality.md's P1-cpu: the gateway's CPU per verify-account request, µs. */
  public static final double P1_CPU_BAR = 150;
  static final String GATEWAY = "gateway";

  private final List<Measurement> measurements;
  private final Map<String, Object> context;

  /** @param context what the run was (machine, settings, notes): printed above the figures and kept in the JSON */
  public Report(List<Measurement> measurements, Map<String, Object> context) {
    this.measurements = List.copyOf(measurements);
    this.context = new LinkedHashMap<>(context);
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("| measure | median | per run | ratio to baseline (median) | target | result |\n");
    out.append("|---|---|---|---|---|---|\n");
    baseline(out, "B_http", "B_http: bare reactor-netty HTTP, fixed body (wrk)", "req/s");
    ratio(out, "P1", "B_http", "P1: verify-account via gateway (JWT, rate limit, gRPC) (wrk)", "req/s", 0.15);
    latency(out);
    gatewayCpu(out);
    baseline(out, "B_grpc", "B_grpc: empty grpc-java unary call (health Check)", "calls/s");
    // The bars of issue 14 (newer than quality.md's 0.5, 10 ms and 100,000 checks/s).
    ratio(out, "P2", "B_grpc", "P2: CheckAccount gRPC on identity-service", "calls/s", 0.6);
    checks(out, "P3", "P3: LookupAccounts ×500 gRPC on identity-service", 400_000);
    checks(out, "P3@gateway", "P3 via gateway: POST /v1/accounts/verification-lookups ×500 (wrk)", 200_000);
    flows(out);
    return out.toString();
  }

  /** The gateway's CPU per P1 request: quality.md's P1-cpu, from its process's CPU time over each P1 window. */
  private void gatewayCpu(StringBuilder out) {
    List<Measurement> runs = runs("P1");
    double median = Stats.median(runs.stream().map(m -> m.cpuMicrosPerOperation(GATEWAY)).toList());
    Target target = Target.atMost(P1_CPU_BAR, " µs");
    row(out, "P1-cpu: the gateway's CPU per verify-account request (its process's CPU time over the P1 window / requests)",
        Double.isNaN(median) ? "—" : number(median) + " µs", perRun(runs, m -> m.cpuMicrosPerOperation(GATEWAY)), "—",
        target.describe() + " (a third of the first measured ≈ 450 µs)", target.verdict(median));
  }

  /** P4: completed phone verifications per second, an absolute figure (no baseline), with a flow's latency. */
  private void flows(StringBuilder out) {
    List<Measurement> runs = runs("P4");
    double median = Stats.median(runs.stream().map(Measurement::throughput).toList());
    Target target = Target.atLeast(1000, " flows/s");
    String latency = String.format("flow p50 %s, p99 %s ms", number(Stats.median(runs.stream().map(m -> m.result().latency().p50()).toList())),
        number(Stats.median(runs.stream().map(m -> m.result().latency().p99()).toList())));
    row(out, "P4: phone verification start + code read + check through the gateway, closed loop (recording SMS adapter)",
        (Double.isNaN(median) ? "—" : number(median) + " flows/s (" + latency + ")") + errors("P4"),
        perRun(runs, Measurement::throughput), "—", target.describe(), target.verdict(median));
  }

  /**
   * Cache hits during P1, P2 and P4 (medians of the rounds): identity-service's answer cache
   * estimated from Redis's counters, the caches that count themselves, Redis overall ({@link CacheHits}).
   */
  public String cacheTable() {
    StringBuilder out = new StringBuilder("| phase | cache | hit rate (median) | hits / misses per window (median) | per round |\n");
    out.append("|---|---|---|---|---|\n");
    for (String phase : List.of("P1", "P2", "P4")) {
      List<Measurement> runs = runs(phase);
      Map<String, List<CacheHits.Rate>> byCache = new LinkedHashMap<>();
      for (Measurement m : runs) {
        // In P4 phone-otp-service reads Redis too: identity's estimate from MGETs does not hold there.
        List<CacheHits.Rate> rates = phase.equals("P4") ? CacheHits.withoutEstimate(m.counters()) : CacheHits.all(m.counters());
        rates.forEach(r -> byCache.computeIfAbsent(r.cache(), k -> new ArrayList<>()).add(r));
      }
      byCache.forEach((cache, rates) -> row(out, phase, cache,
          percent(Stats.median(rates.stream().map(CacheHits.Rate::hitRate).toList())),
          number(Stats.median(rates.stream().map(CacheHits.Rate::hits).toList())) + " / "
              + number(Stats.median(rates.stream().map(CacheHits.Rate::misses).toList())),
          rates.stream().map(r -> percent(r.hitRate())).collect(Collectors.joining(" / "))));
    }
    return out.toString();
  }

  /** Whether any window read a cache counter a service exposes itself (the gateway's near cache, when it counts). */
  public boolean hasCountedCaches() {
    return measurements.stream().anyMatch(m -> !CacheHits.counted(m.counters()).isEmpty());
  }

  /**
   * Where P4's time goes: CPU µs per completed flow of each process group, and Redis's commands per
   * flow with the CPU Redis spent on them (medians of the rounds).
   */
  public String flowCost() {
    List<Measurement> runs = runs("P4");
    if (runs.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("| process | CPU µs per flow (median) | per round |\n|---|---|---|\n");
    for (String group : runs.get(0).cores().keySet()) {
      if (group.equals("machine total") || group.equals("steal")) {
        continue;
      }
      row(out, group, number(Stats.median(runs.stream().map(m -> m.cpuMicrosPerOperation(group)).toList())),
          perRun(runs, m -> m.cpuMicrosPerOperation(group)));
    }
    Map<String, Double> usec = new LinkedHashMap<>();
    runs.get(0).counters().keySet().stream().filter(k -> k.startsWith("redis ") && k.endsWith(" usec"))
        .forEach(k -> usec.put(k.substring(6, k.length() - 5), Stats.median(runs.stream().map(m -> m.perOperation(k)).toList())));
    if (!usec.isEmpty()) {
      out.append("\n| Redis command | calls per flow (median) | Redis CPU µs per flow (median) |\n|---|---|---|\n");
      usec.entrySet().stream().filter(e -> !Double.isNaN(e.getValue()) && e.getValue() > 0)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> row(out, e.getKey(),
              number(Stats.median(runs.stream().map(m -> m.perOperation("redis " + e.getKey() + " calls")).toList())),
              number(e.getValue())));
    }
    return out.toString();
  }

  /** The derived figures of the tables, for results.json: P1-cpu, P4, caches. */
  public Map<String, Object> derived() {
    Map<String, Object> derived = new LinkedHashMap<>();
    List<Measurement> p1 = runs("P1");
    derived.put("P1-cpu", Map.of("gatewayMicrosPerRequestMedian", Stats.median(p1.stream().map(m -> m.cpuMicrosPerOperation(GATEWAY)).toList()),
        "perRound", p1.stream().map(m -> m.cpuMicrosPerOperation(GATEWAY)).toList(), "barMicros", P1_CPU_BAR));
    List<Measurement> p4 = runs("P4");
    Map<String, Object> flows = new LinkedHashMap<>();
    flows.put("flowsPerSecondMedian", Stats.median(p4.stream().map(Measurement::throughput).toList()));
    flows.put("perRound", p4.stream().map(Measurement::throughput).toList());
    flows.put("bar", 1000);
    Map<String, Double> cpu = new LinkedHashMap<>();
    if (!p4.isEmpty()) {
      p4.get(0).cores().keySet().forEach(g -> cpu.put(g, Stats.median(p4.stream().map(m -> m.cpuMicrosPerOperation(g)).toList())));
    }
    flows.put("cpuMicrosPerFlowMedian", cpu);
    derived.put("P4", flows);
    Map<String, Object> caches = new LinkedHashMap<>();
    for (String phase : List.of("P1", "P2", "P4")) {
      caches.put(phase, runs(phase).stream().map(m -> phase.equals("P4") ? CacheHits.withoutEstimate(m.counters())
          : CacheHits.all(m.counters())).toList());
    }
    derived.put("caches", caches);
    return derived;
  }

  private static String percent(double rate) {
    return Double.isNaN(rate) ? "—" : String.format("%.1f %%", 100 * rate);
  }

  private void baseline(StringBuilder out, String phase, String label, String unit) {
    List<Measurement> runs = runs(phase);
    row(out, label, figure(phase, Measurement::throughput, unit), perRun(runs, Measurement::throughput), "—", "baseline", "");
  }

  private void ratio(StringBuilder out, String phase, String baseline, String label, String unit, double bar) {
    List<Measurement> runs = runs(phase);
    List<Double> ratios = new ArrayList<>();
    for (Measurement m : runs) {
      runs(baseline).stream().filter(b -> b.round() == m.round()).findFirst()
          .ifPresent(b -> ratios.add(m.throughput() / b.throughput()));
    }
    double median = Stats.median(ratios);
    Target target = Target.atLeast(bar, "");
    row(out, label, figure(phase, Measurement::throughput, unit), perRun(runs, Measurement::throughput),
        Double.isNaN(median) ? "—" : String.format("%.3f (%s)", median,
            ratios.stream().map(r -> String.format("%.3f", r)).collect(Collectors.joining(" / "))),
        target.describe() + " × " + baseline, target.verdict(median));
  }

  private void latency(StringBuilder out) {
    List<Measurement> runs = runs("P1@half");
    double p99 = Stats.median(runs.stream().map(m -> m.result().latency().p99()).toList());
    double rate = Stats.median(runs.stream().map(Measurement::throughput).toList());
    Target target = Target.atMost(5, " ms");
    String detail = String.format("p50 %s, p99.9 %s ms", number(Stats.median(runs.stream().map(m -> m.result().latency().p50()).toList())),
        number(Stats.median(runs.stream().map(m -> m.result().latency().p999()).toList())));
    row(out, "P1 p99 at half of P1's max load (fixed-rate driver, " + number(rate) + " req/s)",
        (Double.isNaN(p99) ? "—" : number(p99) + " ms (" + detail + ")") + errors("P1@half"),
        perRun(runs, m -> m.result().latency().p99()), "—", target.describe(), target.verdict(p99));
  }

  private void checks(StringBuilder out, String phase, String label, double bar) {
    List<Measurement> runs = runs(phase);
    double median = Stats.median(runs.stream().map(Measurement::checksPerSecond).toList());
    Target target = Target.atLeast(bar, " checks/s");
    row(out, label, (Double.isNaN(median) ? "—" : number(median) + " checks/s ("
        + number(Stats.median(runs.stream().map(Measurement::throughput).toList())) + " calls/s)") + errors(phase),
        perRun(runs, Measurement::checksPerSecond), "—", target.describe(), target.verdict(median));
  }

  private static void row(StringBuilder out, String... cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** The windows of a phase that answered anything; throughputs count successful answers only. */
  private List<Measurement> runs(String phase) {
    return measurements.stream().filter(m -> m.phase().equals(phase) && m.result().operations() > 0).toList();
  }

  private String figure(String phase, ToDoubleFunction<Measurement> f, String unit) {
    double median = Stats.median(runs(phase).stream().map(f::applyAsDouble).toList());
    return (Double.isNaN(median) ? "—" : number(median) + " " + unit) + errors(phase);
  }

  /** Errors are never hidden: a figure with failed requests says how many. */
  private String errors(String phase) {
    long errors = 0;
    long total = 0;
    for (Measurement m : measurements) {
      if (m.phase().equals(phase)) {
        errors += m.result().errors();
        total += m.result().errors() + m.result().operations();
      }
    }
    return errors == 0 ? "" : String.format(" (with %d errors in %d requests, %.2f%%)", errors, total, 100.0 * errors / total);
  }

  private static String perRun(List<Measurement> runs, ToDoubleFunction<Measurement> f) {
    return runs.isEmpty() ? "—" : runs.stream().map(m -> number(f.applyAsDouble(m))).collect(Collectors.joining(" / "));
  }

  /** Median cores per process group in each phase, and CPU µs per operation of the busiest groups. */
  public String cpuTable() {
    List<String> phases = measurements.stream().map(Measurement::phase).distinct().toList();
    List<String> groups = measurements.isEmpty() ? List.of() : List.copyOf(measurements.get(0).cores().keySet());
    StringBuilder out = new StringBuilder("| phase (cores used, median) | " + String.join(" | ", groups) + " |\n");
    out.append("|---".repeat(groups.size() + 1)).append("|\n");
    for (String phase : phases) {
      List<Measurement> runs = measurements.stream().filter(m -> m.phase().equals(phase)).toList();
      out.append("| ").append(phase);
      for (String group : groups) {
        out.append(" | ").append(String.format("%.2f", Stats.median(runs.stream().map(m -> m.cores().getOrDefault(group, 0.0)).toList())));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  /** Errors and notes of the tools, one line per window that had any. */
  public String notes() {
    return measurements.stream().filter(m -> !m.result().note().isBlank() || !m.result().clean())
        .map(m -> "- " + m.phase() + " round " + m.round() + ": " + m.result().errors() + " errors; " + m.result().note())
        .collect(Collectors.joining("\n"));
  }

  public void write(Path directory, String markdown) throws IOException {
    Files.createDirectories(directory);
    Map<String, Object> json = new LinkedHashMap<>(context);
    json.put("derived", derived());
    json.put("measurements", measurements);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve("results.json").toFile(), json);
    Files.writeString(directory.resolve("summary.md"), markdown);
  }

  /** Three significant figures at most, thousands grouped: 41,200 or 0.153 or 4.27. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format("%,d", Math.round(value / Math.pow(10, Math.max(0, (int) Math.log10(abs) - 2))) * (long) Math.pow(10, Math.max(0, (int) Math.log10(abs) - 2)));
    }
    if (abs >= 100) {
      return String.format("%.0f", value);
    }
    if (abs >= 10) {
      return String.format("%.1f", value);
    }
    return abs >= 1 ? String.format("%.2f", value) : String.format("%.3f", value);
  }
}
