package org.idnet.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run measured: what BENCHMARKS.md must state beside every figure. */
public record Machine(int cores, String cpuModel, String memory, String jdk, String os, String load) {

  public static Machine current() {
    return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        firstLine(Path.of("/proc/loadavg")));
  }

  private static String readCpuModel() {
    List<String> lines = lines(Path.of("/proc/cpuinfo"));
    String model = value(lines, "model name");
    String mhz = value(lines, "cpu MHz");
    return (model.isEmpty() ? "unknown" : model) + (mhz.isEmpty() ? "" : " @ " + mhz + " MHz");
  }

  private static String readMemory() {
    String total = value(lines(Path.of("/proc/meminfo")), "MemTotal");
    if (total.isEmpty()) {
      return "unknown";
    }
    long kb = Long.parseLong(total.replaceAll("\\D", ""));
    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
  }

  private static String value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key)).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String firstLine(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? "" : lines.get(0);
  }
}
