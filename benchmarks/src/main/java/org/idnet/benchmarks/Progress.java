package org.idnet.benchmarks;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import org.idnet.benchmarks.report.Measurement;
import org.idnet.benchmarks.report.Report;

/** One line per step on the console, so a ten-minute run shows where it is. */
public final class Progress {

  /** Seconds always shown (LocalTime's own text drops them at :00). */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Progress() {
  }

  public static void say(String message) {
    System.out.println(LocalTime.now().format(TIME) + "  " + message);
  }

  static void measured(Measurement m) {
    String rate = m.unitsPerOperation() > 1
        ? Report.number(m.checksPerSecond()) + " checks/s (" + Report.number(m.throughput()) + " calls/s)"
        : Report.number(m.throughput()) + " /s";
    say(String.format("round %d  %-11s %-34s p50 %s ms  p99 %s ms  errors %d  cpu: %s", m.round(), m.phase(), rate,
        Report.number(m.result().latency().p50()), Report.number(m.result().latency().p99()), m.result().errors(),
        cores(m.cores())));
  }

  private static String cores(Map<String, Double> cores) {
    return cores.entrySet().stream().filter(e -> e.getValue() >= 0.05)
        .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue())).collect(Collectors.joining(", "));
  }
}
