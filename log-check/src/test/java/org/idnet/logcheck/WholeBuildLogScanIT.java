package org.idnet.logcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The whole build's log scan: runs after every other module's verify (log-check is last in the
 * reactor) over what they left in their target folders. The report goes to
 * {@code log-check/target/log-scan.txt} (not to the output, which the next scan reads) and, on a
 * finding, into the failure.
 */
class WholeBuildLogScanIT {

  static final Path ROOT = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();

  @Test
  void noLogLineOfAnyTestOrOfAnyProcessATestStartedHoldsAPersonalValueOrASecret() throws Exception {
    AllowList allowList = AllowList.read(ROOT.resolve("log-check").resolve("allow-list.txt"));
    ScanReport report = new LogScan(LeakRules.standard(), allowList).scan(ROOT);
    Path written = Files.createDirectories(ROOT.resolve("log-check").resolve("target")).resolve("log-scan.txt");
    Files.writeString(written, report.text());

    assertThat(report.files()).as("log files found under %s (was the build run?)", ROOT).isPositive();
    assertThat(report.passed()).as("%s%n(report: %s)", report.text(), written).isTrue();
  }
}
