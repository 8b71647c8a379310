package org.idnet.logcheck;

import java.util.List;
import java.util.function.Predicate;

/**
 * One kind of personal value or secret that must not appear in a log line.
 *
 * @param name short id, shown in the report and used by the allow-list
 * @param description what it catches, for the report's legend
 * @param finder the values of this kind in one line (raw; the report masks them)
 */
public record LeakRule(String name, String description, Finder finder) {

  /** Finds the values of one kind in a line. */
  @FunctionalInterface
  public interface Finder {
    List<String> find(ScannedLine line);
  }

  /** A rule whose finder runs only on lines that pass a cheap test first (most lines pass no test). */
  static LeakRule guarded(String name, String description, Predicate<ScannedLine> worthLooking, Finder finder) {
    return new LeakRule(name, description, line -> worthLooking.test(line) ? finder.find(line) : List.of());
  }
}
