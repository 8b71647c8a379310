package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Open file descriptors and threads of a process, from Linux {@code /proc/<pid>/fd} and
 * {@code /proc/<pid>/task}: what a leak of connections, files or threads makes grow.
 */
public record ProcessCounts(int fds, int threads) {

  private static final Path PROC = Path.of("/proc");

  /** The process alone; empty when it is gone. */
  public static Optional<ProcessCounts> of(long pid) {
    Path process = PROC.resolve(Long.toString(pid));
    try {
      return Optional.of(new ProcessCounts(entries(process.resolve("fd")), entries(process.resolve("task"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A server with its child processes (PostgreSQL's postmaster and one backend per connection):
   * their descriptors and threads summed, so a leak of connections shows as a growing count.
   */
  public static Optional<ProcessCounts> ofTree(long pid) {
    Optional<ProcessCounts> root = of(pid);
    if (root.isEmpty()) {
      return root;
    }
    int fds = root.get().fds();
    int threads = root.get().threads();
    for (ProcStat.Process p : ProcStat.all()) {
      if (p.ppid() == pid) {
        Optional<ProcessCounts> child = of(p.pid());
        fds += child.map(ProcessCounts::fds).orElse(0);
        threads += child.map(ProcessCounts::threads).orElse(0);
      }
    }
    return Optional.of(new ProcessCounts(fds, threads));
  }

  private static int entries(Path directory) throws IOException {
    try (var list = Files.list(directory)) {
      return (int) list.count();
    }
  }
}
