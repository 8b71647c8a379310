package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one process's Java CPU went, from a JFR recording: the hottest methods and packages by
 * own (self) samples, components and idnet's own methods by inclusive samples, the exceptions
 * thrown, GC pauses and the allocation rate.
 */
public final class JfrSummary {

  private final Map<String, Integer> selfMethods = new HashMap<>();
  private final Map<String, Integer> selfPackages = new HashMap<>();
  private final Map<String, Integer> idnetInclusive = new HashMap<>();
  private final Map<String, Integer> exceptions = new HashMap<>();
  private final Map<String, Integer> components = new HashMap<>();
  private int samples;
  private Duration gcPauses = Duration.ZERO;
  private long allocatedBytes;
  private Instant first;
  private Instant last;

  private JfrSummary() {
  }

  public static String summarize(String title, Path recording, int top) throws IOException {
    JfrSummary summary = new JfrSummary();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        summary.add(file.readEvent());
      }
    }
    return summary.render(title, top);
  }

  private void add(RecordedEvent event) {
    Instant at = event.getStartTime();
    first = first == null || at.isBefore(first) ? at : first;
    last = last == null || at.isAfter(last) ? at : last;
    switch (event.getEventType().getName()) {
      case "jdk.ExecutionSample" -> sample(event);
      case "jdk.GarbageCollection" -> gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
      case "jdk.ObjectAllocationSample" -> allocatedBytes += event.getLong("weight");
      case "jdk.JavaExceptionThrow", "jdk.JavaErrorThrow" -> exception(event);
      default -> { }
    }
  }

  private void sample(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    List<RecordedFrame> frames = stack.getFrames();
    RecordedFrame top = frames.get(0);
    String type = top.getMethod().getType().getName();
    selfMethods.merge(simpleName(type) + "." + top.getMethod().getName(), 1, Integer::sum);
    selfPackages.merge(type.lastIndexOf('.') > 0 ? type.substring(0, type.lastIndexOf('.')) : type, 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    Set<String> parts = new HashSet<>();
    for (RecordedFrame frame : frames) {
      String owner = frame.getMethod().getType().getName();
      String component = Components.of(owner);
      if (component != null && parts.add(component)) {
        components.merge(component, 1, Integer::sum);
      }
      if (owner.startsWith("org.idnet.")) {
        String method = simpleName(owner) + "." + frame.getMethod().getName();
        if (seen.add(method)) {
          idnetInclusive.merge(method, 1, Integer::sum);
        }
      }
    }
  }

  /** Which exceptions are thrown, and where: the first frame past the exception's constructors. */
  private void exception(RecordedEvent event) {
    String thrown = event.getClass("thrownClass") == null ? "?" : event.getClass("thrownClass").getName();
    String site = "";
    RecordedStackTrace stack = event.getStackTrace();
    if (stack != null) {
      for (RecordedFrame frame : stack.getFrames()) {
        String owner = frame.getMethod().getType().getName();
        if (!frame.getMethod().getName().equals("<init>") && !owner.endsWith("Exception") && !owner.endsWith("Error")
            && !owner.equals("java.lang.Throwable")) {
          site = " at " + simpleName(owner) + "." + frame.getMethod().getName();
          break;
        }
      }
    }
    exceptions.merge(thrown.substring(thrown.lastIndexOf('.') + 1) + site, 1, Integer::sum);
  }

  private static String simpleName(String type) {
    int dot = type.lastIndexOf('.');
    String pkg = dot > 0 ? type.substring(0, dot) : "";
    // Keep a short package hint: the first letters of each segment, as in o.i.g.TranscodingFilter.
    StringBuilder hint = new StringBuilder();
    for (String segment : pkg.split("\\.")) {
      if (!segment.isEmpty()) {
        hint.append(segment.charAt(0)).append('.');
      }
    }
    return hint + type.substring(dot + 1);
  }

  private String render(String title, int top) {
    double seconds = first == null ? 0 : Math.max(1e-3, Duration.between(first, last).toMillis() / 1000.0);
    StringBuilder out = new StringBuilder();
    out.append("### ").append(title).append('\n');
    out.append(String.format("%d Java stack samples over %.0f s; GC pauses %.1f%% of the time (%d ms); allocation ~%.0f MB/s%n",
        samples, seconds, seconds > 0 ? 100.0 * gcPauses.toMillis() / 1000 / seconds : 0, gcPauses.toMillis(),
        seconds > 0 ? allocatedBytes / 1e6 / seconds : 0));
    section(out, "Hottest methods (self)", selfMethods, top);
    section(out, "Hottest packages (self)", selfPackages, top);
    section(out, "idnet code (inclusive: on the stack)", idnetInclusive, top);
    section(out, "Components (inclusive: share of samples with a frame of it on the stack; a wrapper such as"
        + " a metrics interceptor counts all it wraps)", components, Components.COUNT);
    out.append(String.format("%nExceptions thrown: %.0f per second%n", seconds > 0 ? exceptions.values().stream()
        .mapToInt(Integer::intValue).sum() / seconds : 0));
    exceptions.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
        .forEach(e -> out.append(String.format("  %6.0f/s  %s%n", e.getValue() / seconds, e.getKey())));
    return out.toString();
  }

  private void section(StringBuilder out, String heading, Map<String, Integer> counts, int top) {
    out.append("\n").append(heading).append(":\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
  }
}
