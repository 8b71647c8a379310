package org.idnet.logcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One module's logs as the build left them: surefire's and failsafe's per-class output files
 * ({@code target/*-reports/*-output.txt}, plus {@code *.dumpstream}, where output written past
 * the fork's streams lands) and the output of every process a test started
 * ({@code target/process-logs/**}); with what the reports say ran, so that a module whose tests
 * ran without leaving a file is named rather than passed over.
 *
 * @param module the module's folder, relative to the repository root
 * @param testClasses test classes whose report ({@code TEST-*.xml}) is there
 * @param files the files to scan
 * @param notes what the report says about the module (nothing logged, not built, ...)
 * @param problems what fails the check whatever the lines hold (output not redirected to files)
 */
public record ModuleLogs(Path module, int testClasses, List<Path> files, List<String> notes, List<String> problems) {

  static final List<String> REPORT_DIRECTORIES = List.of("surefire-reports", "failsafe-reports");
  static final String PROCESS_LOGS = "process-logs";
  private static final Set<String> NOT_MODULES = Set.of("target", "src", "node_modules");

  /** Every module under {@code root} (folders with a pom.xml, at any depth), in path order. */
  public static List<ModuleLogs> find(Path root) throws IOException {
    List<ModuleLogs> modules = new ArrayList<>();
    try (Stream<Path> poms = Files.walk(root, 4)
        .filter(p -> p.getFileName().toString().equals("pom.xml"))
        .filter(p -> !p.getParent().equals(root))
        .filter(p -> isModulePath(root.relativize(p.getParent())))
        .sorted()) {
      for (Path pom : poms.toList()) {
        modules.add(of(root, pom.getParent()));
      }
    }
    return modules;
  }

  private static boolean isModulePath(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (NOT_MODULES.contains(name) || name.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  static ModuleLogs of(Path root, Path module) throws IOException {
    Path target = module.resolve("target");
    List<Path> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int testClasses = 0;
    for (String name : REPORT_DIRECTORIES) {
      Path reports = target.resolve(name);
      if (!Files.isDirectory(reports)) {
        continue;
      }
      for (Path file : list(reports)) {
        String fileName = file.getFileName().toString();
        if (fileName.startsWith("TEST-") && fileName.endsWith(".xml")) {
          testClasses++;
          String testClass = fileName.substring("TEST-".length(), fileName.length() - ".xml".length());
          // Output surefire did not put in the class's -output.txt (not redirected, or written by an
          // agent such as Jazzer's at a moment surefire gives to no class file) is still in the
          // report's system-out/system-err: the report itself is scanned then.
          if (holdsOutput(file) && !Files.exists(reports.resolve(testClass + "-output.txt"))) {
            files.add(file);
          }
        } else if (fileName.endsWith("-output.txt") || fileName.endsWith(".dumpstream")) {
          files.add(file);
        }
      }
    }
    int reportFiles = files.size();
    Path processLogs = target.resolve(PROCESS_LOGS);
    if (Files.isDirectory(processLogs)) {
      try (Stream<Path> logs = Files.walk(processLogs)) {
        logs.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    boolean hasTests = Files.isDirectory(module.resolve("src/test"));
    if (hasTests && !Files.isDirectory(target)) {
      notes.add("not built (no target/): its tests did not run, nothing to scan");
    } else if (hasTests && testClasses == 0) {
      notes.add("no test reports: its tests did not run in this build (-DskipTests, or left out by -pl)");
    } else if (testClasses > 0 && reportFiles == 0) {
      notes.add(testClasses + " test classes ran and none wrote output");
    }
    return new ModuleLogs(root.relativize(module), testClasses, List.copyOf(files), List.copyOf(notes),
        List.copyOf(problems));
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Whether the class wrote output: surefire copies it into system-out/system-err elements too. */
  private static boolean holdsOutput(Path report) {
    try (Stream<String> lines = Files.lines(report)) {
      // At the start of a line: a failure message may quote the element's name (this scan's own does).
      return lines.map(String::strip).anyMatch(l -> l.startsWith("<system-out>") || l.startsWith("<system-err>"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }
}
