package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * idnet's pages in a real browser: the Node tests of {@code sandbox/browser-tests} (Playwright's
 * {@code playwright-core} driving Debian's Chromium, headless; axe-core on every page) against the
 * shared network, which failsafe runs on real Keycloak, so the console's logins are Keycloak's own
 * pages with the one-time code. Screenshots go to {@code target/browser-screenshots}; node's report
 * to {@code target/process-logs/BrowserPagesIT-node.log}, which the build's log scan reads.
 * {@code -Didnet.browser-tests.skip=true} skips it on a machine without a browser;
 * {@code -Didnet.doc-screenshots=true} also writes the README's images to {@code docs/pages/}.
 */
class BrowserPagesIT {

  private static final Path PROJECT = Path.of("browser-tests");
  private static final long TIMEOUT_MINUTES = 8;

  @Test
  void thePagesWorkInARealBrowser() throws Exception {
    assumeThat(Boolean.getBoolean("idnet.browser-tests.skip")).as("-Didnet.browser-tests.skip=true").isFalse();
    Path chromium = Path.of(System.getenv().getOrDefault("IDNET_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("the browser tests drive Debian's Chromium at " + chromium
            + ": install it (apt-get install chromium; .ci/run does), or -Didnet.browser-tests.skip=true")
        .isTrue();
    SandboxNetwork network = SharedNetwork.get();
    NodeProject node = new NodeProject(PROJECT);
    node.install();

    Path log = ProcessLogs.ofTest(BrowserPagesIT.class).of("node");
    Path screenshots = Path.of("target/browser-screenshots").toAbsolutePath();
    ProcessBuilder tests = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1",
        "tests/").directory(node.directory().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = tests.environment();
    env.put("IDNET_WEB_URL", network.webUrl());
    env.put("IDNET_GATEWAY_URL", network.gatewayUrl());
    env.put("IDNET_SAMPLE_PLATFORM_URL", network.samplePlatformUrl());
    env.put("IDNET_ISSUER", network.issuerUrl());
    env.put("CHROMIUM", chromium.toString());
    env.put("IDNET_SCREENSHOTS", screenshots.toString());
    if (Boolean.getBoolean("idnet.doc-screenshots")) {
      // The README's images, in English at 360 px where the tests say so: docs/pages/<name>.png.
      env.put("IDNET_DOC_SCREENSHOTS", "1");
      env.put("IDNET_DOC_SCREENSHOTS_DIR", Path.of(System.getProperty("idnet.home", "..")).resolve("docs/pages")
          .toAbsolutePath().normalize().toString());
    }
    long before = Files.exists(log) ? Files.size(log) : 0;
    Process run = tests.start();
    boolean finished = run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      run.destroyForcibly();
    }
    String report = readFrom(log, before);
    assertThat(finished).as("the browser tests did not finish within " + TIMEOUT_MINUTES + " min:\n" + report).isTrue();
    assertThat(run.exitValue()).as("the browser tests failed:\n" + report).isZero();
    // TAP ("# pass") or the spec reporter ("ℹ pass"): every test ran and passed, none skipped, and
    // each test file ran.
    java.util.regex.Matcher testCount = java.util.regex.Pattern.compile("(?:#|ℹ) tests (\\d+)").matcher(report);
    java.util.regex.Matcher passCount = java.util.regex.Pattern.compile("(?:#|ℹ) pass (\\d+)").matcher(report);
    assertThat(testCount.find()).as("no test count:\n" + report).isTrue();
    assertThat(passCount.find()).as("no pass count:\n" + report).isTrue();
    assertThat(Integer.parseInt(testCount.group(1))).as("tests run:\n" + report).isPositive();
    assertThat(passCount.group(1)).as("every test passed:\n" + report).isEqualTo(testCount.group(1));
    for (String count : List.of("fail", "skipped", "cancelled", "todo")) {
      assertThat(report).as(count + " 0:\n" + report).containsPattern("(#|ℹ) " + count + " 0\\b");
    }
    // The spec reporter names tests, not files: one test of each file passed.
    for (String test : List.of("✔ auditor.em sees the audit chain verified", "✔ a user verifies their real name on idnet's pages",
        "✔ the transparency page renders the report as tables and a chart", "✔ RFC 6238 HMAC-SHA256 vectors")) {
      assertThat(report).as(test + ":\n" + report).contains(test);
    }
  }

  private static String readFrom(Path log, long offset) throws java.io.IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
  }
}
