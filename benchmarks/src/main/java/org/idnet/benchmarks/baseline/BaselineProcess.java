package org.idnet.benchmarks.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A baseline server in its own JVM, started from the benchmark's own jar with the same JVM options
 * as the services, so that a baseline and the service it is compared with run alike: a separate
 * process, the same heap, collector and JIT.
 */
public final class BaselineProcess implements AutoCloseable {

  private final String name;
  private final Process process;

  private BaselineProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code BenchmarkMain <subcommand> <port> <arguments...>} and waits until the port accepts connections.
   */
  public static BaselineProcess start(String subcommand, int port, List<String> arguments, String jvmOptions, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(jvmOptions.split("\\s+")));
    command.addAll(launcher());
    command.add(subcommand);
    command.add(Integer.toString(port));
    command.addAll(arguments);
    try {
      Files.createDirectories(log.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
      BaselineProcess baseline = new BaselineProcess(subcommand, process);
      baseline.awaitPort(port, Duration.ofSeconds(30), log);
      return baseline;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + subcommand, e);
    }
  }

  /** The same code the benchmark runs: its executable jar, or its class path when run from a build. */
  private static List<String> launcher() {
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      return List.of("-jar", classPath);
    }
    return List.of("-cp", classPath, "org.idnet.benchmarks.BenchmarkMain");
  }

  private void awaitPort(int port, Duration timeout, Path log) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 500);
        return;
      } catch (IOException e) {
        sleep(100);
      }
    }
    close();
    throw new IllegalStateException(name + " did not listen on " + port + " within " + timeout.toSeconds() + " s; see " + log);
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
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
