package org.idnet.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.idnet.benchmarks.observe.GcLog;
import org.idnet.benchmarks.report.Machine;
import org.idnet.benchmarks.report.Report;

/** The soak's figures, its rules applied to them, as Markdown and as CSV samples. */
final class SoakReport {

  /** The PostgreSQL group of {@link SoakRun}: its "threads" are its processes, one a connection. */
  static final String POSTGRES = "postgres";

  private final SoakSettings settings;
  private final Machine machine;
  private final SoakRecorder recorder;
  private final Map<String, List<Watch.Counts>> samples;
  private final Map<String, List<GcLog.FullGc>> collections;
  private final List<String> notes;
  private final List<SoakVerdict.Rule> rules = new ArrayList<>();

  SoakReport(SoakSettings settings, Machine machine, SoakRecorder recorder, Map<String, List<Watch.Counts>> samples,
      Map<String, List<GcLog.FullGc>> collections, long beganAt, List<String> notes) {
    this.settings = settings;
    this.machine = machine;
    this.recorder = recorder;
    this.samples = samples;
    this.collections = collections;
    this.notes = notes;
    long steadyFrom = beganAt + 60_000;
    long end = beganAt + settings.minutes() * 60_000L;
    rules.add(SoakVerdict.noErrors(recorder.errors()));
    recorder.minutes().forEach((kind, minutes) -> {
      List<SoakRecorder.Minute> steady = minutes.subList(Math.min(1, minutes.size()), minutes.size());
      boolean p99 = SoakVerdict.judgedOnP99(steady.stream().map(SoakRecorder.Minute::count).toList());
      rules.add(SoakVerdict.flat((p99 ? "p99" : "median") + " flat: " + kind,
          minutes.stream().map(m -> p99 ? m.latency().p99() : m.latency().p50()).toList()));
    });
    collections.forEach((jvm, gcs) -> rules.add(SoakVerdict.noGrowth("heap after full GC: " + jvm,
        gcs.stream().map(g -> new SoakVerdict.Sample(g.epochMillis(), g.afterMiB())).toList(), steadyFrom, end,
        SoakVerdict.Tolerance.HEAP)));
    samples.forEach((process, counts) -> {
      SoakVerdict.Rule fds = SoakVerdict.noGrowth("fds: " + process, series(counts, Watch.Counts::fds), steadyFrom, end,
          SoakVerdict.Tolerance.FDS);
      // A PostgreSQL backend keeps the files of every table, index and segment it touched open (up to
      // max_files_per_process): its count rises as the data grows and pooled connections reach more
      // relations. A leaked connection shows as one more process, which the threads rule counts.
      rules.add(process.startsWith(POSTGRES) ? new SoakVerdict.Rule(fds.name(), SoakVerdict.Outcome.NOT_JUDGED,
          "reported only (PostgreSQL's open relation files; its connections are judged as processes): " + fds.detail()) : fds);
      rules.add(SoakVerdict.noGrowth("threads: " + process, series(counts, Watch.Counts::threads), steadyFrom, end,
          SoakVerdict.Tolerance.THREADS));
    });
  }

  boolean passed() {
    return SoakVerdict.passed(rules);
  }

  private static List<SoakVerdict.Sample> series(List<Watch.Counts> counts, ToDoubleFunction<Watch.Counts> value) {
    return counts.stream().map(c -> new SoakVerdict.Sample(c.epochMillis(), value.applyAsDouble(c))).toList();
  }

  /** One line a minute on the console: each kind's p99 and count so far, the errors so far. */
  static String progressLine(int minute, int minutes, SoakRecorder recorder) {
    StringBuilder line = new StringBuilder(String.format("minute %d/%d:", minute + 1, minutes));
    recorder.minutes().forEach((kind, per) -> {
      SoakRecorder.Minute m = kind.equals(SoakRun.VERIFY) ? per.get(minute) : recorder.sofar(kind, minute);
      line.append(String.format(" %s p99 %s ms (%d);", kind, Report.number(m.latency().p99()), m.count()));
    });
    long errors = recorder.errors().values().stream().mapToLong(Long::longValue).sum();
    return line.append(" errors so far ").append(errors).toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder("# idnet soak run\n\n");
    out.append(String.format("- machine: %d cores, %s, %s RAM, %s; load before the run: %s%n", machine.cores(),
        machine.cpuModel(), machine.memory(), machine.os(), machine.load()));
    out.append("- JDK: ").append(machine.jdk()).append("; service JVM options: `").append(settings.serviceJvmOptions()).append("`\n");
    out.append(String.format("- %d measured minutes after %d s of warm-up; verify-account %d req/s open loop over %d connections"
        + " (%s); %d batch look-ups of 500 ids/s; %d OTP flows/s; a disclosure every %d s; %d seeded accounts%n",
        settings.minutes(), settings.warmup().toSeconds(), settings.rate().perSecond(), settings.connections(),
        settings.rate().source(), settings.lookupsPerSecond(), settings.otpPerSecond(), settings.disclosureEvery().toSeconds(),
        settings.accounts()));
    out.append(String.format("- descriptors and threads sampled every %d s; full GCs asked of the service JVMs at %s s of the"
        + " measured minutes%n%n", settings.sampleEvery().toSeconds(), settings.fullGcRounds().isEmpty() ? "no time"
        : settings.fullGcRounds()));
    out.append("## Errors in the measured minutes\n\n").append(counts(recorder.errors()));
    out.append("\nDuring the warm-up (not judged): ").append(recorder.warmupErrors().isEmpty() ? "none" : recorder.warmupErrors())
        .append("\n\n## Latency per minute: p50 / p99 ms (answered requests)\n\n").append(minutesTable());
    out.append("\n## Processes: first and last third of minutes 2..N (medians)\n\n").append(processTable());
    if (!notes.isEmpty()) {
      out.append("\n## Notes\n\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    out.append("\n## Pass criteria\n\n```\n");
    rules.forEach(r -> out.append(r).append('\n'));
    out.append("```\n\n**").append(passed() ? "PASS" : "FAIL").append("**\n");
    return out.toString();
  }

  private static String counts(Map<String, Long> errors) {
    if (errors.isEmpty()) {
      return "none\n";
    }
    StringBuilder table = new StringBuilder("| kind | count |\n|---|---|\n");
    errors.forEach((kind, n) -> table.append("| ").append(kind).append(" | ").append(n).append(" |\n"));
    return table.toString();
  }

  private String minutesTable() {
    Map<String, List<SoakRecorder.Minute>> all = recorder.minutes();
    StringBuilder table = new StringBuilder("| minute |");
    all.keySet().forEach(kind -> table.append(' ').append(kind).append(" |"));
    table.append("\n|---|").append("---|".repeat(all.size())).append('\n');
    for (int minute = 0; minute < settings.minutes(); minute++) {
      table.append("| ").append(minute + 1).append(" |");
      for (List<SoakRecorder.Minute> per : all.values()) {
        SoakRecorder.Minute m = per.get(minute);
        table.append(String.format(" %s / %s (%,d) |", Report.number(m.latency().p50()), Report.number(m.latency().p99()),
            m.count()));
      }
      table.append('\n');
    }
    return table.toString();
  }

  private String processTable() {
    StringBuilder table = new StringBuilder("| rule | outcome | figures |\n|---|---|---|\n");
    rules.stream().filter(r -> r.name().startsWith("heap") || r.name().startsWith("fds") || r.name().startsWith("threads"))
        .forEach(r -> table.append("| ").append(r.name()).append(" | ").append(r.outcome()).append(" | ")
            .append(r.detail()).append(" |\n"));
    collections.forEach((jvm, gcs) -> table.append("| full GCs of ").append(jvm).append(" | | ").append(gcs.size())
        .append(" in the whole run, heap after them ").append(gcs.stream().map(g -> String.format("%.0f", g.afterMiB())).toList())
        .append(" MiB |\n"));
    return table.toString();
  }

  /** {@code processes.csv} (every descriptor and thread sample) and {@code full-gcs.csv}. */
  void writeSamples(Path results) throws IOException {
    StringBuilder processes = new StringBuilder("epoch_ms,process,fds,threads\n");
    samples.forEach((process, counts) -> counts.forEach(c -> processes.append(c.epochMillis()).append(',').append(process)
        .append(',').append(c.fds()).append(',').append(c.threads()).append('\n')));
    Files.writeString(results.resolve("processes.csv"), processes);
    StringBuilder gcs = new StringBuilder("epoch_ms,jvm,cause,before_bytes,after_bytes,capacity_bytes,pause_ms\n");
    collections.forEach((jvm, list) -> list.forEach(g -> gcs.append(g.epochMillis()).append(',').append(jvm).append(",\"")
        .append(g.cause()).append("\",").append(g.beforeBytes()).append(',').append(g.afterBytes()).append(',')
        .append(g.capacityBytes()).append(',').append(g.pauseMillis()).append('\n')));
    Files.writeString(results.resolve("full-gcs.csv"), gcs);
  }
}
