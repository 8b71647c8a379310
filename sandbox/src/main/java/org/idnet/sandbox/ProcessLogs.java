package org.idnet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the network's processes write their output: {@code <directory>/<prefix><process>.log},
 * appended (a restart adds to the file; nothing a process said before is lost). The sandbox's own
 * logs are bounded across restarts: a file grown past {@code rollBytes} when its process starts is
 * moved aside to {@code <process>.previous.log} (replacing the one before), so at most two files of
 * a process stay, each about that size at most plus what one run writes.
 *
 * @param directory the folder of the log files
 * @param prefix put before every process name: a test's class name and a dash, else empty
 * @param rollBytes the size past which a start moves the file aside; 0 never does (a test's logs live one build)
 */
public record ProcessLogs(Path directory, String prefix, long rollBytes) {

  /** Where the sandbox's logs roll: enough for days of an integrator's use, small against a disk. */
  public static final long SANDBOX_ROLL_BYTES = 64L * 1024 * 1024;

  /** The sandbox's own: {@code <data>/logs/<process>.log}, rolled past {@link #SANDBOX_ROLL_BYTES}. */
  public static ProcessLogs in(Path directory) {
    return new ProcessLogs(directory, "", SANDBOX_ROLL_BYTES);
  }

  /**
   * A test's, where the build's log scan reads them (module log-check): the folder the build names
   * in the system property {@code idnet.process-logs} (the module's {@code target/process-logs}),
   * files {@code <TestClass>-<process>.log}, never rolled.
   */
  public static ProcessLogs ofTest(Class<?> test) {
    return new ProcessLogs(Path.of(System.getProperty("idnet.process-logs", "target/process-logs")).toAbsolutePath(),
        test.getSimpleName() + "-", 0);
  }

  /**
   * The log file of one process about to start, e.g. {@code gateway} or {@code keycloak}; its folder
   * is made if missing, and the file moved aside first if it grew past {@link #rollBytes()}.
   */
  public Path of(String process) {
    try {
      Path file = Files.createDirectories(directory).resolve(prefix + process + ".log");
      if (rollBytes > 0 && Files.isRegularFile(file) && Files.size(file) > rollBytes) {
        Files.move(file, directory.resolve(prefix + process + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not make the log folder " + directory + " or move its " + process
          + " log aside", e);
    }
  }
}
