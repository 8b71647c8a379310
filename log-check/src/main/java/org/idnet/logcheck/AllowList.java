package org.idnet.logcheck;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Findings that are not leaks, each with its reason. One entry a line:
 * {@code rule | file glob (from the repository root) | text the line contains | reason}; blank
 * lines and lines starting with {@code #} are comments. An entry without a reason is refused, and
 * an entry that matched nothing is named in the report, so the list cannot quietly outlive its
 * causes.
 */
public final class AllowList {

  /** One entry; {@code uses} counts the findings it let through. */
  record Entry(String rule, String glob, String text, String reason, PathMatcher files, AtomicLong uses) {

    boolean allows(String ruleName, Path file, String line) {
      return rule.equals(ruleName) && files.matches(file) && line.contains(text);
    }

    @Override
    public String toString() {
      return rule + " | " + glob + " | " + text + " | " + reason;
    }
  }

  private final List<Entry> entries;

  private AllowList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static AllowList none() {
    return new AllowList(List.of());
  }

  public static AllowList read(Path file) throws IOException {
    return parse(Files.readAllLines(file), file.toString());
  }

  static AllowList parse(List<String> lines, String source) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s*\\|\\s*", 4);
      if (parts.length < 4 || parts[3].isBlank() || parts[2].isEmpty()) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": an entry is 'rule | file glob | text the line"
            + " contains | reason', every part given (the reason too); was: " + line);
      }
      entries.add(new Entry(parts[0], parts[1], parts[2], parts[3],
          FileSystems.getDefault().getPathMatcher("glob:" + parts[1]), new AtomicLong()));
    }
    return new AllowList(entries);
  }

  /** Whether an entry allows this finding (counting the use). */
  boolean allows(String rule, Path file, String line) {
    for (Entry entry : entries) {
      if (entry.allows(rule, file, line)) {
        entry.uses().incrementAndGet();
        return true;
      }
    }
    return false;
  }

  List<Entry> entries() {
    return entries;
  }
}
