package org.idnet.faults.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Threads, open file descriptors and sockets of one process, from {@code /proc} (Linux): what a
 * leak of threads or connections would make grow.
 */
public record ProcessStats(long pid, int threads, int fileDescriptors, int sockets) {

  public static ProcessStats of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      int threads = Files.readAllLines(proc.resolve("status")).stream()
          .filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.substring(8).trim()))
          .findFirst().orElseThrow();
      int fds = 0;
      int sockets = 0;
      try (Stream<Path> links = Files.list(proc.resolve("fd"))) {
        for (Path link : links.toList()) {
          fds++;
          try {
            if (Files.readSymbolicLink(link).toString().startsWith("socket:")) {
              sockets++;
            }
          } catch (IOException closedMeanwhile) {
            // the descriptor was closed between the listing and the read
          }
        }
      }
      return new ProcessStats(pid, threads, fds, sockets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc of process " + pid, e);
    }
  }

  @Override
  public String toString() {
    return threads + " threads, " + fileDescriptors + " fds (" + sockets + " sockets)";
  }
}
