package org.idnet.benchmarks.start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.idnet.sandbox.SandboxSettings.IssuerKind;

/**
 * {@code bin/benchmark sandbox-start}: quality bar P7 (the sandbox ready within 60 s after the build,
 * at most 2 GiB resident in all) for each issuer, on a first start (empty data folder: Keycloak
 * builds itself and creates its database) and on the start after. Memory is the sum of the
 * proportional set size (PSS: shared pages divided among the processes that share them) of every
 * process of the network, read once it is ready, so PostgreSQL's shared buffers count once.
 */
public final class SandboxStart {

  private SandboxStart() {
  }

  /** One start: how long until ready, and the memory of every process of the network then. */
  record Measured(IssuerKind issuer, String start, double readySeconds, long pssMib, long rssMib, int processes) {
  }

  public static int run(Path home) throws Exception {
    List<Measured> all = new ArrayList<>();
    for (IssuerKind issuer : IssuerKind.values()) {
      Path data = Files.createTempDirectory("idnet-start-" + issuer.name().toLowerCase());
      try {
        SandboxSettings settings = SandboxSettings.onFreePorts(home, data, issuer);
        all.add(measure(settings, "first"));
        all.add(measure(settings, "later"));
      } finally {
        delete(data);
      }
    }
    System.out.println();
    System.out.println("| issuer | start | ready (s) | PSS, all processes (MiB) | RSS sum (MiB) | processes |");
    System.out.println("|---|---|---|---|---|---|");
    for (Measured m : all) {
      System.out.printf("| %s | %s | %.1f | %d | %d | %d |%n", m.issuer(), m.start(), m.readySeconds(), m.pssMib(),
          m.rssMib(), m.processes());
    }
    return 0;
  }

  private static Measured measure(SandboxSettings settings, String start) throws Exception {
    long begin = System.nanoTime();
    try (SandboxNetwork network = SandboxNetwork.start(settings)) {
      double seconds = (System.nanoTime() - begin) / 1e9;
      Thread.sleep(2_000); // let start-up garbage be collected before reading memory
      Set<Long> pids = networkProcesses(settings.data());
      long pss = 0;
      long rss = 0;
      for (long pid : pids) {
        pss += Memory.kib(pid, "Pss:");
        rss += Memory.kib(pid, "Rss:");
      }
      Measured measured = new Measured(settings.issuer(), start, seconds, pss / 1024, rss / 1024, pids.size());
      System.out.println(measured);
      return measured;
    }
  }

  /**
   * This JVM (the launcher, holding the light issuer), its descendants (services, Keycloak), and the
   * stores that detach from it (PostgreSQL's and Redis's servers name the data folder).
   */
  private static Set<Long> networkProcesses(Path data) {
    Set<Long> pids = new TreeSet<>();
    ProcessHandle self = ProcessHandle.current();
    pids.add(self.pid());
    self.descendants().forEach(p -> pids.add(p.pid()));
    String folder = data.toString();
    ProcessHandle.allProcesses().forEach(p -> {
      if (Memory.commandLine(p.pid()).contains(folder) || p.parent().map(q -> pids.contains(q.pid())).orElse(false)) {
        pids.add(p.pid());
        p.descendants().forEach(d -> pids.add(d.pid()));
      }
    });
    return pids;
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
