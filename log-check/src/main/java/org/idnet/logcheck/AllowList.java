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
 * lines and lines starting with {@code #} are comments. The text must hold the value found (the
 * number or name itself, with some of its context), so an entry for one benign value never lets
 * another value of its rule through on the same line; it has at least {@value #SHORTEST_TEXT}
 * characters. An entry without a reason or with a shorter text is refused, and an entry that
 * matched nothing is named in the report, so the list cannot quietly outlive its causes.
 */
public final class AllowList {

  /** Shorter texts are too easily found anywhere (the shortest value a rule finds has 6 characters). */
  static final int SHORTEST_TEXT = 6;

  /** One entry; {@code uses} counts the findings it let through. */
  record Entry(String rule, String glob, String text, String reason, PathMatcher files, AtomicLong uses) {

    boolean allows(String ruleName, Path file, String line, String value) {
      return rule.equals(ruleName) && files.matches(file) && text.contains(value) && line.contains(text);
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
      if (parts.length < 4 || parts[3].isBlank() || parts[2].length() < SHORTEST_TEXT) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": an entry is 'rule | file glob | text the line"
            + " contains, holding the value found (" + SHORTEST_TEXT + " characters or more) | reason', every part"
            + " given (the reason too); was: " + line);
      }
      entries.add(new Entry(parts[0], parts[1], parts[2], parts[3],
          FileSystems.getDefault().getPathMatcher("glob:" + parts[1]), new AtomicLong()));
    }
    return new AllowList(entries);
  }

  /** Whether an entry allows this finding, {@code value} in {@code line} (counting the use). */
  boolean allows(String rule, Path file, String line, String value) {
    for (Entry entry : entries) {
      if (entry.allows(rule, file, line, value)) {
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
