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
    baseline(out, "B_grpc", "B_grpc: empty grpc-java unary call (health Check)", "calls/s");
    ratio(out, "P2", "B_grpc", "P2: CheckAccount gRPC on identity-service, cache hit", "calls/s", 0.5);
    checks(out, "P3", "P3: LookupAccounts ×500 gRPC on identity-service");
    checks(out, "P3@gateway", "P3 via gateway: POST /v1/accounts/verification-lookups ×500 (wrk)");
    return out.toString();
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
    Target target = Target.atMost(10, " ms");
    String detail = String.format("p50 %s, p99.9 %s ms", number(Stats.median(runs.stream().map(m -> m.result().latency().p50()).toList())),
        number(Stats.median(runs.stream().map(m -> m.result().latency().p999()).toList())));
    row(out, "P1 p99 at half of P1's max load (fixed-rate driver, " + number(rate) + " req/s)",
        (Double.isNaN(p99) ? "—" : number(p99) + " ms (" + detail + ")") + errors("P1@half"),
        perRun(runs, m -> m.result().latency().p99()), "—", target.describe(), target.verdict(p99));
  }

  private void checks(StringBuilder out, String phase, String label) {
    List<Measurement> runs = runs(phase);
    double median = Stats.median(runs.stream().map(Measurement::checksPerSecond).toList());
    Target target = Target.atLeast(100_000, " checks/s");
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
