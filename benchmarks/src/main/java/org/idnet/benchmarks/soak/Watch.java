package org.idnet.benchmarks.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.idnet.benchmarks.observe.Jcmd;
import org.idnet.benchmarks.observe.ProcessCounts;

/**
 * Beside the load: every few seconds the open file descriptors and threads of each process, and at
 * given times a round of full collections, one service JVM a sample tick after the other (their
 * pauses do not pile up in the same second), so that the heap after a full GC is measured in every
 * third of the run.
 */
final class Watch implements AutoCloseable {

  /** One sample of one process. */
  record Counts(long epochMillis, int fds, int threads) {
  }

  private final Map<String, Supplier<Optional<ProcessCounts>>> processes;
  private final Map<String, Long> jvms;
  private final Duration every;
  private final List<Long> rounds;
  private final Map<String, List<Counts>> samples = new LinkedHashMap<>();
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final Jcmd jcmd = new Jcmd();
  private final Thread thread;

  /**
   * @param processes what to count, by name
   * @param jvms the service JVMs to collect in full, by name
   * @param rounds when each round of full collections starts, System.nanoTime(), in order
   */
  Watch(Map<String, Supplier<Optional<ProcessCounts>>> processes, Map<String, Long> jvms, Duration every,
      List<Long> rounds) {
    this.processes = processes;
    this.jvms = jvms;
    this.every = every;
    this.rounds = rounds;
    processes.keySet().forEach(name -> samples.put(name, Collections.synchronizedList(new ArrayList<>())));
    this.thread = Thread.ofPlatform().daemon().name("soak-watch").start(this::loop);
  }

  private void loop() {
    int round = 0;
    int nextJvm = 0;
    List<String> names = new ArrayList<>(jvms.keySet());
    try {
      while (!Thread.currentThread().isInterrupted()) {
        long now = System.currentTimeMillis();
        processes.forEach((name, counts) -> counts.get()
            .ifPresent(c -> samples.get(name).add(new Counts(now, c.fds(), c.threads()))));
        if (round < rounds.size() && System.nanoTime() >= rounds.get(round)) {
          collect(names.get(nextJvm));
          nextJvm = (nextJvm + 1) % names.size();
          if (nextJvm == 0) {
            round++;
          }
        }
        Thread.sleep(every.toMillis());
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void collect(String jvm) {
    try {
      jcmd.run(jvms.get(jvm), "GC.run");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      notes.add("full collection of " + jvm + " failed: " + e.getMessage());
    }
  }

  /** The samples so far, by process. */
  Map<String, List<Counts>> samples() {
    Map<String, List<Counts>> copy = new LinkedHashMap<>();
    samples.forEach((name, list) -> {
      synchronized (list) {
        copy.put(name, List.copyOf(list));
      }
    });
    return copy;
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }
}
