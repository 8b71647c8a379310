package org.idnet.benchmarks.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which process burns the CPU during a measured window: CPU time of named process groups (the
 * gateway, identity-service, PostgreSQL with its backends, Redis, the load tool...) between two
 * snapshots, as cores used, plus the rest of the machine (other tenants: noise).
 */
public final class CpuSampler {

  /** A group of processes whose CPU ticks add up. */
  public interface Group {
    long ticks(List<ProcStat.Process> processes);

    /** One process and all its threads. */
    static Group process(long pid) {
      return all -> ProcStat.read(pid).map(ProcStat.Process::ownTicks).orElse(0L);
    }

    /** Several processes together. */
    static Group processes(long... pids) {
      return all -> {
        long sum = 0;
        for (long pid : pids) {
          sum += ProcStat.read(pid).map(ProcStat.Process::ownTicks).orElse(0L);
        }
        return sum;
      };
    }

    /** The children this process has started and reaped (wrk, jcmd: short-lived tools). */
    static Group reapedChildrenOf(long pid) {
      return all -> ProcStat.read(pid).map(ProcStat.Process::reapedChildTicks).orElse(0L);
    }

    /** A server process with its live and finished children (PostgreSQL's postmaster and backends). */
    static Group tree(long pid) {
      return all -> {
        long sum = 0;
        for (ProcStat.Process p : all) {
          if (p.pid() == pid) {
            sum += p.ownTicks() + p.reapedChildTicks();
          } else if (p.ppid() == pid) {
            sum += p.ownTicks();
          }
        }
        return sum;
      };
    }
  }

  /** Ticks per group and of the machine at one moment. */
  public record Snapshot(long nanos, Map<String, Long> ticks, long[] machineTicks) {
  }

  private final Map<String, Group> groups;

  public CpuSampler(Map<String, Group> groups) {
    this.groups = new LinkedHashMap<>(groups);
  }

  /** Finds the process whose command line holds every given fragment (e.g. PostgreSQL by its data folder). */
  public static long findProcess(String commandName, String... fragments) {
    for (ProcStat.Process p : ProcStat.all()) {
      if (!p.comm().contains(commandName)) {
        continue;
      }
      String cmd = ProcStat.commandLine(p.pid());
      boolean all = true;
      for (String fragment : fragments) {
        all &= cmd.contains(fragment);
      }
      if (all) {
        return p.pid();
      }
    }
    return -1;
  }

  public Snapshot snapshot() {
    List<ProcStat.Process> all = ProcStat.all();
    Map<String, Long> ticks = new LinkedHashMap<>();
    groups.forEach((name, group) -> ticks.put(name, group.ticks(all)));
    return new Snapshot(System.nanoTime(), ticks, ProcStat.machineTicks());
  }

  /** Cores used by each group between two snapshots, then "rest of machine", "machine total" and "steal". */
  public static Map<String, Double> coresUsed(Snapshot before, Snapshot after) {
    double seconds = (after.nanos() - before.nanos()) / 1e9;
    Map<String, Double> cores = new LinkedHashMap<>();
    double groupsTotal = 0;
    for (Map.Entry<String, Long> e : after.ticks().entrySet()) {
      double used = (e.getValue() - before.ticks().getOrDefault(e.getKey(), e.getValue())) / ProcStat.TICKS_PER_SECOND / seconds;
      cores.put(e.getKey(), used);
      groupsTotal += used;
    }
    double machine = (after.machineTicks()[0] - before.machineTicks()[0]) / ProcStat.TICKS_PER_SECOND / seconds;
    cores.put("rest of machine", Math.max(0, machine - groupsTotal));
    cores.put("machine total", machine);
    cores.put("steal", (after.machineTicks()[1] - before.machineTicks()[1]) / ProcStat.TICKS_PER_SECOND / seconds);
    return cores;
  }
}
