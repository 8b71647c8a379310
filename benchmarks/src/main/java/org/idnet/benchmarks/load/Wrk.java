package org.idnet.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (the Debian package) closed-loop against a URL with a Lua script and reads its report. */
public final class Wrk {

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)\\b");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
  private static final Pattern MAX = Pattern.compile("^\\s*Latency\\s+\\S+\\s+\\S+\\s+([\\d.]+)(us|ms|s|m)", Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final int threads;
  private final int connections;

  public Wrk(int threads, int connections) {
    this.threads = threads;
    this.connections = Math.max(connections, threads);
  }

  /** Whether {@code wrk} is on the PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(5, TimeUnit.SECONDS);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts wrk for {@code duration}; {@link Running#await()} gives its report. */
  public Running start(String url, Path script, String token, Duration duration, Path output) throws IOException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
        "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s", "--latency", "-s", script.toString(), url));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("IDNET_BENCH_TOKEN", token);
    return new Running(builder.start(), output, duration);
  }

  /** A warm-up run, thrown away, then the measured run. */
  public LoadResult run(String url, Path script, String token, Duration warmup, Duration measure, Path output,
      Window window) throws IOException, InterruptedException {
    start(url, script, token, warmup, output).await();
    window.opened();
    Running measured = start(url, script, token, measure, output);
    try {
      measured.process().waitFor();
    } finally {
      window.closed();
    }
    return measured.await();
  }

  /** A wrk process under way. */
  public record Running(Process process, Path output, Duration duration) {

    public long pid() {
      return process.pid();
    }

    public LoadResult await() throws IOException, InterruptedException {
      if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish; see " + output);
      }
      String report = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed (" + process.exitValue() + "): " + report);
      }
      return parse(report);
    }
  }

  static LoadResult parse(String report) {
    Matcher requests = REQUESTS.matcher(report);
    if (!requests.find()) {
      throw new IllegalStateException("unexpected wrk report:\n" + report);
    }
    long total = Long.parseLong(requests.group(1));
    double seconds = millis(requests.group(2), requests.group(3)) / 1000;
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(report);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(report);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    double[] p = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    Matcher percentile = PERCENTILE.matcher(report);
    while (percentile.find()) {
      int index = switch (percentile.group(1)) {
        case "50" -> 0;
        case "75" -> 1;
        case "90" -> 2;
        default -> 3;
      };
      p[index] = millis(percentile.group(2), percentile.group(3));
    }
    Matcher max = MAX.matcher(report);
    double maxMs = max.find() ? millis(max.group(1), max.group(2)) : Double.NaN;
    long nonErrors = Math.max(0, total - errors);
    String note = errors > 0 ? "wrk: " + errors + " non-2xx responses or socket errors" : "";
    return new LoadResult(nonErrors, errors, seconds, new Latency(p[0], p[2], p[3], Double.NaN, maxMs), note);
  }

  private static double millis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
