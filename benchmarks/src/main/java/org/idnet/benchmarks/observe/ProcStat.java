package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Linux {@code /proc}: CPU ticks of processes and of the machine. */
final class ProcStat {

  /** USER_HZ: 100 on every Linux the JDK supports on x86 and ARM. */
  static final double TICKS_PER_SECOND = 100.0;

  private static final Path PROC = Path.of("/proc");

  private ProcStat() {
  }

  /** A process: its parent, its own CPU ticks and those of its children it has reaped. */
  record Process(long pid, long ppid, String comm, long ownTicks, long reapedChildTicks) {
  }

  static Optional<Process> read(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String[] rest = stat.substring(close + 2).split(" ");
      // Fields after "(comm)": 3 state, 4 ppid, ... 14 utime, 15 stime, 16 cutime, 17 cstime.
      long ppid = Long.parseLong(rest[1]);
      long own = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
      long children = Long.parseLong(rest[13]) + Long.parseLong(rest[14]);
      return Optional.of(new Process(pid, ppid, stat.substring(open + 1, close), own, children));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  static List<Process> all() {
    List<Process> processes = new ArrayList<>();
    try (var entries = Files.list(PROC)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(n -> read(Long.parseLong(n)).ifPresent(processes::add));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc (the CPU split needs Linux)", e);
    }
    return processes;
  }

  /**
   * Ticks of the whole machine, summed over CPUs: busy (user, nice, system, irq, softirq) and
   * steal (time the hypervisor gave this VM's CPUs to someone else: noise no process shows).
   */
  static long[] machineTicks() {
    try {
      String first = Files.readAllLines(PROC.resolve("stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 7; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }
}
