package org.idnet.benchmarks.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full collections in a HotSpot GC log written with {@code -Xlog:gc:file=...:timemillis,tags}. The
 * heap after a full collection is what the JVM still holds: if it rises over a run, something leaks.
 * A log rather than a JFR recording because the JVM writes it as it goes: it is complete when the
 * process dies or cannot be attached to, readable during the run, and needs no dump at the end.
 * The {@code Pause Full} line is written by the Serial, Parallel, G1 and Shenandoah collectors;
 * ZGC has no such pause (it prints {@code Major Collection} with another layout) and is not read.
 */
public final class GcLog {

  /** {@code [1796394014299ms][gc] GC(4) Pause Full (System.gc()) 56M->53M(512M) 28.148ms} */
  private static final Pattern FULL = Pattern.compile(
      "^\\[(\\d+)ms\\].*?\\bGC\\(\\d+\\) Pause Full \\((.+)\\) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms\\s*$");

  /**
   * One full collection.
   *
   * @param epochMillis when it ended
   * @param cause what the log names, e.g. {@code System.gc()} (the soak's own) or {@code Ergonomics}
   */
  public record FullGc(long epochMillis, String cause, long beforeBytes, long afterBytes, long capacityBytes,
      double pauseMillis) {

    public double afterMiB() {
      return afterBytes / (1024.0 * 1024.0);
    }
  }

  private GcLog() {
  }

  /** Every full collection of the log, in order; other lines are passed over. */
  public static List<FullGc> fullCollections(List<String> lines) {
    List<FullGc> collections = new ArrayList<>();
    for (String line : lines) {
      Matcher m = FULL.matcher(line);
      if (m.matches()) {
        collections.add(new FullGc(Long.parseLong(m.group(1)), m.group(2), bytes(m.group(3), m.group(4)),
            bytes(m.group(5), m.group(6)), bytes(m.group(7), m.group(8)), Double.parseDouble(m.group(9))));
      }
    }
    return collections;
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}
