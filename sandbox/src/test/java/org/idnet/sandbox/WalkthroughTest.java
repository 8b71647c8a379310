package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README prints the same shell lines as the sandbox (which the end-to-end tests run with bash). */
class WalkthroughTest {

  static final String ISSUER = "http://localhost:8180/realms/idnet";

  @Test
  void theReadmeFindsTheTokenEndpointWithTheLineTheTestsRun() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("idnet.home", "..")).resolve("README.md"));
    String line = Walkthrough.tokenUrlCommand(ISSUER);
    assertThat(readme).contains(line);
    // Both walkthroughs that get tokens start from it, and no other token URL is written out.
    assertThat(readme.split(java.util.regex.Pattern.quote(line), -1)).hasSize(3);
    assertThat(readme).doesNotContain(ISSUER + "/token \\").doesNotContain("-d grant_type=client_credentials \\\n  http");
  }

  @Test
  void thePrintedWalkthroughUsesTheSameLine() {
    assertThat(Walkthrough.text("http://localhost:8080", ISSUER, 8089, "http://localhost:8088", "http://localhost:8070",
        false))
        .contains(Walkthrough.tokenUrlCommand(ISSUER).replace("\n", "\n  "))
        .contains("Hosted verification: open http://localhost:8088/ ")
        .contains("Pages     http://localhost:8070  (transparency report http://localhost:8070/transparency")
        .contains("/console: needs bin/sandbox --keycloak");
    assertThat(Walkthrough.text("http://localhost:8080", ISSUER, 8089, "http://localhost:8088", "http://localhost:8070",
        true)).contains("/console: staff sign in with password and one-time code");
  }
}
