package org.idnet.logcheck;

import java.util.List;
import java.util.Locale;

/**
 * What a scan found and what it read: findings (file, line, rule, masked value), then every
 * module with what it contributed or why it contributed nothing, the rules, and the allow-list
 * with how often each entry was used.
 *
 * @param findingsTotal every finding, also those past {@link LogScan#KEPT_PER_FILE} in a file
 */
public record ScanReport(List<ModuleLogs> modules, int files, long lines, long bytes, long findingsTotal,
    List<Finding> findings, List<LeakRule> rules, AllowList allowList, long millis) {

  /** No finding and no module whose output escaped the files. */
  public boolean passed() {
    return findingsTotal == 0 && problems().isEmpty();
  }

  public List<String> problems() {
    return modules.stream().flatMap(m -> m.problems().stream().map(p -> m.module() + ": " + p)).toList();
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Log scan: %d files, %.1f MB, %,d lines of %d modules in %.1f s: %s%n",
        files, bytes / 1e6, lines, modules.size(), millis / 1000.0,
        passed() ? "no personal value or secret found" : findingsTotal + " findings, " + problems().size() + " problems"));
    if (findingsTotal > 0) {
      out.append(String.format("%nFindings (file:line: rule masked value)%s:%n",
          findingsTotal > findings.size() ? ", the first " + LogScan.KEPT_PER_FILE + " of each file" : ""));
      findings.forEach(f -> out.append("  ").append(f).append('\n'));
      out.append("""
          A finding is a log line that holds a personal value or a secret. Fix the code that logged it
          (mask it, or log its type and not its message); if a test printed its own test data, change
          the test. Only a value that is neither goes on log-check/allow-list.txt, with its reason.
          """);
    }
    problems().forEach(p -> out.append("PROBLEM ").append(p).append('\n'));
    out.append("\nModules:\n");
    for (ModuleLogs m : modules) {
      out.append(String.format("  %-24s %3d test classes, %3d files scanned%s%n", m.module(), m.testClasses(),
          m.files().size(), m.notes().isEmpty() ? "" : "; " + String.join("; ", m.notes())));
    }
    out.append("\nRules:\n");
    rules.forEach(r -> out.append("  ").append(r.name()).append(": ").append(r.description()).append('\n'));
    out.append("\nAllow-list (log-check/allow-list.txt):\n");
    if (allowList.entries().isEmpty()) {
      out.append("  (empty)\n");
    }
    for (AllowList.Entry entry : allowList.entries()) {
      out.append(String.format("  %s: used %d times%s%n", entry, entry.uses().get(),
          entry.uses().get() == 0 ? " (matched nothing in this build)" : ""));
    }
    return out.toString();
  }
}
