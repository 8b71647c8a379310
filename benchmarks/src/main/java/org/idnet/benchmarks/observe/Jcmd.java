package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code jcmd} beside this JVM's {@code java}: diagnostic commands in another JVM (JFR
 * recordings for the profile, a full collection for the soak's heap figure).
 */
public final class Jcmd {

  private final Path jcmd;

  public Jcmd() {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    this.jcmd = java.resolveSibling("jcmd");
  }

  /** Runs one command in JVM {@code pid}; fails with jcmd's output if it did not succeed within 30 s. */
  public String run(long pid, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Exception")) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }
}
