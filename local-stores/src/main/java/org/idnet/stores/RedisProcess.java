package org.idnet.stores;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * One redis-server process (data node or, with {@code --sentinel}, a Sentinel) from the binary
 * embedded-redis ships in its Maven artifact, run from a config file with its log in a file, so a
 * test can kill it as a crash would (SIGKILL) and read why it did not start.
 */
final class RedisProcess {

  private static File binary;

  private final Path config;
  private final Path log;
  private final boolean sentinel;
  private final int port;
  private Process process;

  RedisProcess(Path config, Path log, boolean sentinel, int port) {
    this.config = config;
    this.log = log;
    this.sentinel = sentinel;
    this.port = port;
  }

  /** The binary, unpacked once per JVM (Redis 6.2, linked against OpenSSL 3: TLS and Sentinel built in). */
  static synchronized File binary() {
    if (binary == null) {
      try {
        binary = ExecutableProvider.newJarResourceProvider().get();
      } catch (IOException e) {
        throw new UncheckedIOException("could not unpack the redis-server binary of embedded-redis", e);
      }
    }
    return binary;
  }

  int port() {
    return port;
  }

  /** Starts the process and waits until its log says it serves (at most {@code timeout}). */
  void start(String readyLine, Duration timeout) {
    List<String> command = new ArrayList<>(List.of(binary().getAbsolutePath(), config.toString()));
    if (sentinel) {
      command.add("--sentinel");
    }
    try {
      Files.deleteIfExists(log);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
    awaitLogLine(readyLine, timeout);
  }

  /** Waits until the log holds {@code line} (anywhere in a line); fails with the log's end otherwise. */
  void awaitLogLine(String line, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = logText();
      if (text.contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server " + config.getFileName() + " exited (" + process.exitValue()
            + ") before '" + line + "'" + hint(text) + ":\n" + tail(text));
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server " + config.getFileName() + " did not log '" + line + "' within "
        + timeout + ":\n" + tail(logText()));
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** As a crash: SIGKILL, no shutdown, nothing saved; waits until the process is gone. */
  void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 seconds. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(5))) {
        kill();
      }
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The binary is linked against the system's OpenSSL 3: name the package when the loader cannot find it. */
  private static String hint(String log) {
    return log.contains("libssl.so.3") || log.contains("libcrypto.so.3")
        ? " (install OpenSSL 3's libraries: Debian/Ubuntu package libssl3)" : "";
  }

  private static String tail(String text) {
    return text.length() <= 2_000 ? text : text.substring(text.length() - 2_000);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
