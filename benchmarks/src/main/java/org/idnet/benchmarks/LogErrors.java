package org.idnet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Counts the ERROR entries of a Spring Boot log by cause: the exception named on the entry's
 * first following line, else the logger's message. Under load they say what failed, e.g. a
 * bulkhead full or the rate limiter's Redis call timing out.
 */
public final class LogErrors {

  private static final Pattern EXCEPTION = Pattern.compile("^([\\w.$]+(?:Exception|Error))\\b.*");

  private LogErrors() {
  }

  /**
   * One note per service log that has ERROR entries, with their causes counted, apart for those
   * logged before the measured rounds (start-up, seeding, JIT warm-up) and during them.
   */
  static List<String> notes(Path logs, Instant roundsBegan) throws IOException {
    List<String> notes = new ArrayList<>();
    try (var files = Files.list(logs)) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        Map<String, Integer> before = count(lines, at -> at.isBefore(roundsBegan));
        Map<String, Integer> during = count(lines, at -> !at.isBefore(roundsBegan));
        if (!before.isEmpty() || !during.isEmpty()) {
          notes.add(log.getFileName() + ": ERROR lines by cause, during the measured rounds and profiling: "
              + (during.isEmpty() ? "none" : during) + "; before them (start-up, seeding, JIT warm-up): "
              + (before.isEmpty() ? "none" : before));
        }
      }
    }
    return notes;
  }

  static Map<String, Integer> count(List<String> lines) {
    return count(lines, at -> true);
  }

  /** Counts entries whose timestamp (Spring Boot's ISO instant, first on the line) passes the filter. */
  public static Map<String, Integer> count(List<String> lines, Predicate<Instant> when) {
    Map<String, Integer> causes = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.contains(" ERROR ") || !when.test(timestamp(line))) {
        continue;
      }
      String cause = line.replaceAll("^.*? : ", "");
      for (int j = i + 1; j < Math.min(lines.size(), i + 4); j++) {
        Matcher m = EXCEPTION.matcher(lines.get(j).trim());
        if (m.matches()) {
          cause = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
          break;
        }
      }
      causes.merge(cause.length() > 100 ? cause.substring(0, 100) : cause, 1, Integer::sum);
    }
    return causes;
  }

  private static Instant timestamp(String line) {
    try {
      return Instant.parse(line.substring(0, line.indexOf(' ')));
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
