package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts and stops a JDK Flight Recorder recording in another JVM with {@code jcmd} (the JDK's
 * own tool; async-profiler is not available here). The {@code profile} settings sample Java
 * stacks every 10 ms and allocations.
 */
public final class JfrProfiler {

  private static final String NAME = "idnet-benchmark";

  private final Jcmd jcmd = new Jcmd();

  public void start(long pid) throws IOException, InterruptedException {
    jcmd.run(pid, "JFR.start", "name=" + NAME, "settings=profile");
  }

  public Path stop(long pid, Path file) throws IOException, InterruptedException {
    jcmd.run(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    return file;
  }
}
