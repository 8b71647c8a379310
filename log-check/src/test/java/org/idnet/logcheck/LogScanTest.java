package org.idnet.logcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan over a fake build: modules with surefire and failsafe reports, process logs and
 * values planted in them. A planted value fails the scan with its file, line, rule and a masked
 * value (never the value); masked forms pass; what a module did not leave is said.
 */
class LogScanTest {

  static final String PHONE = "+84" + "987650001";

  @TempDir
  Path root;

  @Test
  void scanWhenPhoneNumberPlantedInASurefireOutputThenFailsNamingFileLineRuleAndMaskedValue() throws Exception {
    Path output = module("otp").resolve("target/surefire-reports/org.idnet.otp.FlowTest-output.txt");
    report(output.getParent(), "org.idnet.otp.FlowTest");
    write(output, "10:00:00 INFO started", "10:00:01 INFO verification 7 for +8498*****01",
        "10:00:02 WARN SMS to " + PHONE + " not sent");

    ScanReport report = scan(AllowList.none());

    assertThat(report.passed()).isFalse();
    assertThat(report.findings()).containsExactly(new Finding(root.relativize(output), 3, "phone-e164", "**********01"));
    assertThat(report.text()).contains("otp/target/surefire-reports/org.idnet.otp.FlowTest-output.txt:3: phone-e164"
        + " **********01").doesNotContain("987650001");
  }

  @Test
  void scanWhenOnlyMaskedFormsThenPasses() throws Exception {
    Path output = module("identity").resolve("target/surefire-reports/org.idnet.identity.ATest-output.txt");
    report(output.getParent(), "org.idnet.identity.ATest");
    write(output, "registered CitizenId[**********67] with +8491*****78", "Citizen[**********02]");

    ScanReport report = scan(AllowList.none());

    assertThat(report.passed()).as(report.text()).isTrue();
    assertThat(report.files()).isEqualTo(1);
    assertThat(report.lines()).isEqualTo(2);
  }

  @Test
  void scanReadsFailsafeOutputsDumpstreamsAndProcessLogsOfNestedModulesToo() throws Exception {
    Path sandbox = module("sandbox");
    Path failsafe = sandbox.resolve("target/failsafe-reports");
    report(failsafe, "org.idnet.sandbox.KeycloakIssuerIT");
    write(failsafe.resolve("org.idnet.sandbox.KeycloakIssuerIT-output.txt"), "name Nguyễn Thị Mai");
    write(failsafe.resolve("2026-12-04T10-00-00_123-jvmRun1.dumpstream"), "Corrupted channel: code is 123456");
    write(sandbox.resolve("target/process-logs/SharedNetwork-gateway.log"), "x", "Authorization: Bearer "
        + "abcdefghijklmnopqrstuvwxyz0123");
    Path nested = module("faults/suite");
    write(nested.resolve("target/process-logs/deep/RedisFaultsIT-identity-service.log"), "id " + "0793" + "01234567");

    ScanReport report = scan(AllowList.none());

    assertThat(report.findings()).extracting(Finding::rule)
        .containsExactlyInAnyOrder("full-name", "otp-code", "bearer-token", "citizen-id");
    assertThat(report.findings()).extracting(Finding::masked)
        .containsExactlyInAnyOrder("[a name of 3 words]", "******", "abc…[30 chars]", "**********67");
    assertThat(report.findings()).filteredOn(f -> f.rule().equals("bearer-token")).extracting(Finding::line)
        .containsExactly(2L);
  }

  @Test
  void scanWhenModuleRanTestsWithoutOutputOrDidNotRunThenSaysSo() throws Exception {
    report(module("quiet").resolve("target/surefire-reports"), "org.idnet.quiet.ATest", "org.idnet.quiet.BTest");
    Files.createDirectories(module("unbuilt").resolve("src/test/java"));
    Path skipped = module("skipped");
    Files.createDirectories(skipped.resolve("src/test/java"));
    Files.createDirectories(skipped.resolve("target/classes"));

    ScanReport report = scan(AllowList.none());

    assertThat(report.passed()).isTrue();
    assertThat(report.text()).containsPattern("quiet +2 test classes, +0 files scanned; 2 test classes ran and none"
            + " wrote output")
        .containsPattern("unbuilt .*not built")
        .containsPattern("skipped .*no test reports");
  }

  @Test
  void scanWhenAReportHoldsOutputWithoutItsOutputFileThenScansTheReport() throws Exception {
    Path reports = module("gateway").resolve("target/surefire-reports");
    Files.createDirectories(reports);
    for (String name : List.of("ATest", "BTest")) {
      write(reports.resolve("TEST-org.idnet.gateway." + name + ".xml"), "<testsuite>", "<testcase name=\"a\">",
          "<system-err><![CDATA[bound 0912345678]]></system-err>", "</testcase></testsuite>");
    }
    write(reports.resolve("org.idnet.gateway.BTest-output.txt"), "hello");
    // Output outside any class goes to null-output.txt; it must not excuse a report's own output.
    write(reports.resolve("null-output.txt"), "output before any test class started");

    ScanReport report = scan(AllowList.none());

    assertThat(report.problems()).isEmpty();
    assertThat(report.passed()).isFalse();
    assertThat(report.findings()).singleElement().asString().contains("TEST-org.idnet.gateway.ATest.xml")
        .contains("phone-national");
  }

  @Test
  void allowListEntryLetsItsFindingThroughCountsItsUseAndNamesAnUnusedOne() throws Exception {
    Path output = module("otp").resolve("target/surefire-reports/org.idnet.otp.ATest-output.txt");
    report(output.getParent(), "org.idnet.otp.ATest");
    write(output, "sample number " + PHONE + " from the docs", "other " + PHONE);
    AllowList allowList = AllowList.parse(List.of("# comment", "",
        "phone-e164 | otp/target/surefire-reports/*-output.txt | sample number " + PHONE + " | a documented example number",
        "jwt | nowhere/** | eyJhbGciOi | an entry that matches nothing"), "test");

    ScanReport report = scan(allowList);

    assertThat(report.findings()).extracting(Finding::line).containsExactly(2L);
    assertThat(report.text()).contains("a documented example number: used 1 times")
        .contains("an entry that matches nothing: used 0 times (matched nothing in this build)");
  }

  @Test
  void allowListEntryLetsOnlyTheValueItNamesThroughNotAnotherOfItsRuleOnTheSameLine() throws Exception {
    Path output = module("otp").resolve("target/surefire-reports/org.idnet.otp.ATest-output.txt");
    report(output.getParent(), "org.idnet.otp.ATest");
    String other = "+84" + "987650002";
    write(output, "sample number " + PHONE + " and " + other, "sample number " + PHONE + " alone");
    AllowList allowList = AllowList.parse(List.of(
        "phone-e164 | otp/** | sample number " + PHONE + " | a documented example number"), "test");

    ScanReport report = scan(allowList);

    assertThat(report.findings()).containsExactly(new Finding(root.relativize(output), 1, "phone-e164", "**********02"));
  }

  @Test
  void allowListEntryWithoutAReasonIsRefused() {
    assertThatThrownBy(() -> AllowList.parse(List.of("phone-e164 | **/*.txt | sample | "), "allow-list.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow-list.txt:1")
        .hasMessageContaining("reason");
  }

  @Test
  void allowListEntryWithAShortTextIsRefused() {
    assertThatThrownBy(() -> AllowList.parse(List.of("citizen-id | ** | 1 | one character would allow every id"),
        "allow-list.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow-list.txt:1")
        .hasMessageContaining(AllowList.SHORTEST_TEXT + " characters or more");
  }

  @Test
  void scanKeepsTheFirstFindingsOfAFileAndCountsThemAll() throws Exception {
    Path output = module("busy").resolve("target/surefire-reports/org.idnet.busy.ATest-output.txt");
    report(output.getParent(), "org.idnet.busy.ATest");
    List<String> lines = new ArrayList<>(Collections.nCopies(LogScan.KEPT_PER_FILE + 5, "to " + PHONE));
    write(output, lines.toArray(String[]::new));

    ScanReport report = scan(AllowList.none());

    assertThat(report.findings()).hasSize(LogScan.KEPT_PER_FILE);
    assertThat(report.findingsTotal()).isEqualTo(LogScan.KEPT_PER_FILE + 5);
    assertThat(report.text()).contains(LogScan.KEPT_PER_FILE + 5 + " findings");
  }

  @Test
  void scanReadsBytesThatAreNotUtf8InsteadOfSkippingTheFile() throws Exception {
    Path output = module("odd").resolve("target/process-logs/ATest-keycloak.log");
    Files.createDirectories(output.getParent());
    byte[] bad = {(byte) 0xC3, (byte) 0x28, '\n'};
    Files.write(output, bad);
    Files.writeString(output, "to " + PHONE + "\n", java.nio.file.StandardOpenOption.APPEND);

    assertThat(scan(AllowList.none()).findings()).extracting(Finding::line).containsExactly(2L);
  }

  private ScanReport scan(AllowList allowList) throws IOException {
    return new LogScan(LeakRules.standard(), allowList).scan(root);
  }

  private Path module(String path) throws IOException {
    Files.writeString(Files.createDirectories(root).resolve("pom.xml"), "<project/>");
    Path module = Files.createDirectories(root.resolve(path));
    Files.writeString(module.resolve("pom.xml"), "<project/>");
    return module;
  }

  /** Surefire's XML report of a class run with its output redirected: no system-out element. */
  private static void report(Path reports, String... classes) throws IOException {
    Files.createDirectories(reports);
    for (String name : classes) {
      write(reports.resolve("TEST-" + name + ".xml"), "<testsuite name=\"" + name + "\">",
          "<testcase name=\"a\" classname=\"" + name + "\"/>", "</testsuite>");
    }
  }

  private static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
  }
}
