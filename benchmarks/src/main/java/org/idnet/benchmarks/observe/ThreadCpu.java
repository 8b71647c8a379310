package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU per kind of thread of one process, from {@code /proc/<pid>/task}: exact, and unlike JFR's
 * stack samples it counts time in native code and system calls, the JIT compiler and the GC.
 */
public final class ThreadCpu {

  private final long pid;
  private final Map<Long, long[]> before;
  private final long startNanos;

  private ThreadCpu(long pid) {
    this.pid = pid;
    this.before = read(pid, new HashMap<>());
    this.startNanos = System.nanoTime();
  }

  public static ThreadCpu start(long pid) {
    return new ThreadCpu(pid);
  }

  /** Cores used since {@link #start} per thread kind (digits folded: {@code reactor-http-epoll-N}), busiest first. */
  public String stop(int top) {
    Map<String, double[]> kinds = usage();
    double user = kinds.values().stream().mapToDouble(v -> v[0]).sum();
    double system = kinds.values().stream().mapToDouble(v -> v[1]).sum();
    StringBuilder out = new StringBuilder(String.format("%nCPU by thread (/proc; cores): %.2f in all, %.2f user + %.2f system%n",
        user + system, user, system));
    kinds.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
        .limit(top)
        .forEach(e -> out.append(String.format("  %5.2f  %s (system %.2f)%n", e.getValue()[0] + e.getValue()[1], e.getKey(), e.getValue()[1])));
    return out.toString();
  }

  /** Cores the JIT compiler threads used since {@link #start}: near zero once the hot code is compiled. */
  public double compilerCores() {
    return usage().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(e -> e.getValue()[0] + e.getValue()[1]).sum();
  }

  /** User and system cores per thread kind since {@link #start}. */
  private Map<String, double[]> usage() {
    Map<Long, String> names = new HashMap<>();
    Map<Long, long[]> after = read(pid, names);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, double[]> kinds = new HashMap<>();
    after.forEach((tid, ticks) -> {
      long[] was = before.getOrDefault(tid, new long[2]);
      double[] sum = kinds.computeIfAbsent(names.get(tid).replaceAll("\\d+", "N"), k -> new double[2]);
      sum[0] += (ticks[0] - was[0]) / ProcStat.TICKS_PER_SECOND / seconds;
      sum[1] += (ticks[1] - was[1]) / ProcStat.TICKS_PER_SECOND / seconds;
    });
    return kinds;
  }

  /** User and system ticks per thread id; fills in the thread names (comm, at most 15 characters). */
  private static Map<Long, long[]> read(long pid, Map<Long, String> names) {
    Map<Long, long[]> ticks = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (var entries = Files.list(tasks)) {
      for (Path task : entries.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long tid = Long.parseLong(task.getFileName().toString());
          ticks.put(tid, new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12])});
          names.put(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return ticks;
  }
}
