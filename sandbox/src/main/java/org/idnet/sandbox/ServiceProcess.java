package org.idnet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One idnet deployable run as a child process from its executable jar, with a small heap, its
 * output appended to a log file, and readiness read from its actuator probe.
 */
final class ServiceProcess {

  /** Small heaps: the whole sandbox must fit in 2 GiB resident on a 2-core machine. */
  private static final List<String> JVM_OPTIONS = List.of(
      "-Xms32m", "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=128m", "-Dfile.encoding=UTF-8");

  /**
   * Replaces {@link #JVM_OPTIONS} when set (space-separated): the benchmarks run the services with
   * a production-like heap and the full JIT rather than the sandbox's small C1-only mode.
   */
  static final String JVM_OPTIONS_VARIABLE = "IDNET_SERVICE_JVM_OPTS";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final int probePort;
  private final Path log;
  private final List<String> command;
  private final Process process;

  private ServiceProcess(String name, int probePort, Path log, List<String> command, Process process) {
    this.name = name;
    this.probePort = probePort;
    this.log = log;
    this.command = command;
    this.process = process;
  }

  static ServiceProcess start(String name, Path jar, int httpPort, List<String> arguments, Path log) {
    return start(name, jar, httpPort, httpPort, arguments, log);
  }

  /** With the actuator (readiness probe) on {@code probePort}, for a process that serves it apart. */
  static ServiceProcess start(String name, Path jar, int httpPort, int probePort, List<String> arguments,
      Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (mvn -DskipTests install)");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions(System.getenv(JVM_OPTIONS_VARIABLE)));
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + httpPort);
    command.addAll(arguments);
    try {
      Files.createDirectories(log.getParent());
      return launch(name, probePort, log, List.copyOf(command));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  private static ServiceProcess launch(String name, int probePort, Path log, List<String> command) throws IOException {
    // Appended: a restarted network or process adds to the file, so every line of every start stays readable.
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new ServiceProcess(name, probePort, log, command, process);
  }

  /** The same process started again, with the same command line and log (the fault tests restart one they killed). */
  ServiceProcess relaunch() {
    try {
      return launch(name, probePort, log, command);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + " again", e);
    }
  }

  /** SIGKILL, as a crash or the kernel's OOM killer ends a process: no shutdown hook runs. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die within 10 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  static List<String> jvmOptions(String override) {
    if (override == null || override.isBlank()) {
      return JVM_OPTIONS;
    }
    return List.of(override.trim().split("\\s+"));
  }

  /** Waits until the readiness probe answers 200; fails early, with the log's tail, if the process dies. */
  void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + probePort + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; end of " + log + ":\n" + tail());
      }
      try {
        if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; end of " + log + ":\n" + tail());
  }

  /** Asks the process to stop (SIGTERM: Spring shuts down gracefully). */
  void requestStop() {
    process.destroy();
  }

  /** Waits for the stop asked for, then insists. */
  void awaitStop() {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
