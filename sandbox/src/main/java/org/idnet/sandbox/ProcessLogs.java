package org.idnet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the network's processes write their output: {@code <directory>/<prefix><process>.log},
 * appended (a restart adds to the file; nothing a process said before is lost).
 *
 * @param directory the folder of the log files
 * @param prefix put before every process name: a test's class name and a dash, else empty
 */
public record ProcessLogs(Path directory, String prefix) {

  /** The sandbox's own: {@code <data>/logs/<process>.log}. */
  public static ProcessLogs in(Path directory) {
    return new ProcessLogs(directory, "");
  }

  /**
   * A test's, where the build's log scan reads them (module log-check): the folder the build names
   * in the system property {@code idnet.process-logs} (the module's {@code target/process-logs}),
   * files {@code <TestClass>-<process>.log}.
   */
  public static ProcessLogs ofTest(Class<?> test) {
    return new ProcessLogs(Path.of(System.getProperty("idnet.process-logs", "target/process-logs")).toAbsolutePath(),
        test.getSimpleName() + "-");
  }

  /** The log file of one process, e.g. {@code gateway} or {@code keycloak}; its folder is made if missing. */
  public Path of(String process) {
    try {
      return Files.createDirectories(directory).resolve(prefix + process + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make the log folder " + directory, e);
    }
  }
}
