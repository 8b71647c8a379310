package org.idnet.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.idnet.benchmarks.load.Latency;
import org.idnet.benchmarks.load.LoadResult;

/**
 * Latency per traffic kind and measured minute, and errors by kind: what happens before the
 * measured minutes (the warm-up) is kept apart and decides nothing.
 */
final class SoakRecorder {

  /** One kind's minute: answered requests and their latency. */
  record Minute(long count, Latency latency) {
  }

  private static final long MINUTE = 60_000_000_000L;

  private final long begin;
  private final int minutes;
  private final Map<String, Histogram[]> histograms = new ConcurrentHashMap<>();
  private final Map<String, Minute[]> given = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> warmupErrors = new ConcurrentHashMap<>();

  /** @param begin start of minute 1, System.nanoTime() */
  SoakRecorder(long begin, int minutes) {
    this.begin = begin;
    this.minutes = minutes;
  }

  long begin() {
    return begin;
  }

  /** A call that started (was due) at {@code start} and was answered as expected at {@code end}. */
  void answered(String kind, long start, long end) {
    int minute = minuteOf(start);
    if (minute >= 0 && minute < minutes) {
      histograms.computeIfAbsent(kind, k -> newMinutes())[minute].recordValue(Math.max(0, (end - start) / 1000));
    }
  }

  /** A whole minute measured by another driver (verify-account's). */
  void minute(String kind, int minute, LoadResult result) {
    given.computeIfAbsent(kind, k -> new Minute[minutes])[minute] = new Minute(result.operations(), result.latency());
  }

  /** A failure of {@code kind} noticed at {@code at}: a status the flow did not expect, a timeout, a lost connection. */
  void error(String kind, String what, long at) {
    (minuteOf(at) < 0 ? warmupErrors : errors).computeIfAbsent(kind + ": " + what, k -> new LongAdder()).increment();
  }

  /** An error counted in the measured minutes without a time of its own (an ERROR entry of a log). */
  void errors(String kind, long count) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).add(count);
  }

  Map<String, Long> errors() {
    return counts(errors);
  }

  Map<String, Long> warmupErrors() {
    return counts(warmupErrors);
  }

  /** Minutes 1..N of every kind, in order of the kind's name; a minute without answers has count 0. */
  Map<String, List<Minute>> minutes() {
    Map<String, List<Minute>> all = new TreeMap<>();
    given.forEach((kind, per) -> {
      List<Minute> list = new ArrayList<>();
      for (Minute m : per) {
        list.add(m == null ? new Minute(0, Latency.NONE) : m);
      }
      all.put(kind, list);
    });
    histograms.forEach((kind, per) -> {
      List<Minute> list = new ArrayList<>();
      for (Histogram h : per) {
        list.add(new Minute(h.getTotalCount(), Latency.ofMicros(h)));
      }
      all.put(kind, list);
    });
    return all;
  }

  /** One kind's minute as far as it has been recorded (for the progress line). */
  Minute sofar(String kind, int minute) {
    Histogram[] per = histograms.get(kind);
    return per == null ? new Minute(0, Latency.NONE) : new Minute(per[minute].getTotalCount(), Latency.ofMicros(per[minute].copy()));
  }

  private int minuteOf(long at) {
    long since = at - begin;
    return since < 0 ? -1 : (int) (since / MINUTE);
  }

  private Histogram[] newMinutes() {
    Histogram[] per = new Histogram[minutes];
    for (int i = 0; i < minutes; i++) {
      per[i] = new ConcurrentHistogram(3);
    }
    return per;
  }

  private static Map<String, Long> counts(Map<String, LongAdder> adders) {
    Map<String, Long> counts = new TreeMap<>();
    adders.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }
}
