package org.idnet.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idnet.admin.cli.AdminCli;

/** Runs idnet-admin in this JVM through its main entry, or as bin/idnet-admin, and keeps what it said. */
final class Cli {

  /** One run: its exit code, standard output and standard error. */
  record Run(int code, String out, String err) {

    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env;

  Cli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  Cli with(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putAll(more);
    return new Cli(all);
  }

  Cli without(String... names) {
    Map<String, String> all = new java.util.HashMap<>(env);
    List.of(names).forEach(all::remove);
    return new Cli(all);
  }

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AdminCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * As an operator runs it: the script, which finds a JDK and runs the packaged jar. Its standard
   * error is also appended to {@code target/process-logs/<test class>-idnet-admin.log}, which the
   * build's log scan reads; its standard output is its answer (a new client secret, say), the test's.
   */
  Run process(Class<?> test, Path home, String... args) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("idnet-admin").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    try {
      Path out = java.nio.file.Files.createTempFile("idnet-admin-out", ".txt");
      Path err = java.nio.file.Files.createTempFile("idnet-admin-err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("bin/idnet-admin did not end within 120 s");
      }
      Run run = new Run(process.exitValue(), java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
      Path log = java.nio.file.Files.createDirectories(TestNetwork.PROCESS_LOGS)
          .resolve(test.getSimpleName() + "-idnet-admin.log");
      java.nio.file.Files.writeString(log, run.err(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      java.nio.file.Files.delete(out);
      java.nio.file.Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
