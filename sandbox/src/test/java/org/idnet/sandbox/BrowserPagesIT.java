package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * idnet's pages in a real browser: the Node tests of {@code sandbox/browser-tests} (Playwright's
 * {@code playwright-core} driving Debian's Chromium, headless; axe-core on every page) against the
 * shared network, which failsafe runs on real Keycloak, so the console's logins are Keycloak's own
 * pages with the one-time code. Screenshots go to {@code target/browser-screenshots}; node's report
 * to {@code target/process-logs/BrowserPagesIT-node.log}, which the build's log scan reads.
 * {@code -Didnet.browser-tests.skip=true} skips it on a machine without a browser.
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
    long before = Files.exists(log) ? Files.size(log) : 0;
    Process run = tests.start();
    boolean finished = run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      run.destroyForcibly();
    }
    String report = readFrom(log, before);
    assertThat(finished).as("the browser tests did not finish within " + TIMEOUT_MINUTES + " min:\n" + report).isTrue();
    assertThat(run.exitValue()).as("the browser tests failed:\n" + report).isZero();
    assertThat(report).as("node ran no test:\n" + report).containsPattern("(#|ℹ) pass [1-9]")
        .containsPattern("(#|ℹ) fail 0\\b"); // TAP ("# pass") or the spec reporter ("ℹ pass")
  }

  private static String readFrom(Path log, long offset) throws java.io.IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
  }
}
