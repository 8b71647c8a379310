package org.idnet.logcheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads every log file of every module, line by line, and holds each line to every rule. Files
 * are scanned in parallel (the JVM's common pool); bytes that are not UTF-8 are replaced, never
 * a reason to skip a file.
 */
public final class LogScan {

  /** Findings kept per file: a file full of one leak should not bury the others in the report. */
  static final int KEPT_PER_FILE = 20;

  private final List<LeakRule> rules;
  private final AllowList allowList;

  public LogScan(List<LeakRule> rules, AllowList allowList) {
    this.rules = List.copyOf(rules);
    this.allowList = allowList;
  }

  /** Scans every module under {@code root}. */
  public ScanReport scan(Path root) throws IOException {
    long started = System.nanoTime();
    List<ModuleLogs> modules = ModuleLogs.find(root);
    List<Path> files = modules.stream().flatMap(m -> m.files().stream()).toList();
    List<FileResult> results = files.parallelStream().map(f -> scanFile(root, f)).toList();
    List<Finding> findings = new ArrayList<>();
    long lines = 0;
    long bytes = 0;
    long total = 0;
    for (FileResult result : results) {
      findings.addAll(result.findings());
      lines += result.lines();
      bytes += result.bytes();
      total += result.total();
    }
    findings.sort(Comparator.comparing(Finding::file).thenComparingLong(Finding::line));
    return new ScanReport(modules, files.size(), lines, bytes, total, findings, rules, allowList,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** One file's findings (at most {@link #KEPT_PER_FILE}), their total and the file's size. */
  record FileResult(List<Finding> findings, long total, long lines, long bytes) {
  }

  FileResult scanFile(Path root, Path file) {
    Path relative = root.relativize(file);
    List<Finding> findings = new ArrayList<>();
    long total = 0;
    long number = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        number++;
        ScannedLine line = new ScannedLine(text);
        for (LeakRule rule : rules) {
          for (String value : rule.finder().find(line)) {
            if (allowList.allows(rule.name(), relative, text, value)) {
              continue;
            }
            total++;
            if (findings.size() < KEPT_PER_FILE) {
              findings.add(new Finding(relative, number, rule.name(), Finding.mask(rule.name(), value)));
            }
          }
        }
      }
      return new FileResult(findings, total, number, Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
