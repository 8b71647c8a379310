package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops a JDK Flight Recorder recording in another JVM with {@code jcmd} (the JDK's
 * own tool; async-profiler is not available here). The {@code profile} settings sample Java
 * stacks every 10 ms and allocations.
 */
public final class JfrProfiler {

  private static final String NAME = "idnet-benchmark";

  private final Path jcmd;

  public JfrProfiler() {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    this.jcmd = java.resolveSibling("jcmd");
  }

  public void start(long pid) throws IOException, InterruptedException {
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
  }

  public Path stop(long pid, Path file) throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    return file;
  }

  private void jcmd(long pid, String... arguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Exception")) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
