package org.idnet.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.idnet.gateway.routes.ApiCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document of every route of the contract (what a gateway serving all backends serves:
 * ApiDocsTest holds the served document equal to it) passes Spectral's OWASP API-security ruleset
 * with no error. The document is left at {@code gateway/target/openapi/idnet-api.json}.
 */
class OpenApiLintTest {

  static final Path DOCUMENT = Path.of("target/openapi/idnet-api.json");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void needsNode() {
    assumeThat(Boolean.getBoolean("idnet.api-lint.skip")).as("-Didnet.api-lint.skip=true").isFalse();
  }

  @Test
  void theDocumentPassesSpectralsOwaspRulesetWithoutErrors() throws Exception {
    Map<String, Object> document = OpenApiDocument.of(ApiCatalog.load().routes(),
        "http://localhost:8180/realms/idnet/token");
    Files.createDirectories(DOCUMENT.getParent());
    Files.write(DOCUMENT, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));

    SpectralLint.Result result = SpectralLint.lint(DOCUMENT);

    System.out.println("Spectral on " + DOCUMENT + " (" + SpectralLint.DIRECTORY.resolve(SpectralLint.RULESET) + "):\n"
        + result.report());
    assertThat(result.errors()).as(result.report()).isZero();
    assertThat(result.exitCode()).as(result.report()).isZero();
  }

  /** The lint can fail: the committed ruleset is the one in force, OWASP's rules and idnet's own. */
  @Test
  void aDocumentBreakingTheRulesFailsTheLint() throws Exception {
    ObjectNode broken = (ObjectNode) JSON.valueToTree(OpenApiDocument.of(ApiCatalog.load().routes(), "https://x/token"));
    ObjectNode create = (ObjectNode) broken.at("/paths/~1v1~1phone-verifications/post");
    ((ObjectNode) create.at("/responses/201")).remove("headers");
    create.putArray("security");
    ((ObjectNode) broken.at("/components/schemas/CreatePhoneVerificationRequest/properties/accountId")).remove("maxLength");
    ((ObjectNode) broken.at("/components/schemas/LookupAccountsRequest/properties/accountIds")).remove("maxItems");
    Path file = DOCUMENT.resolveSibling("broken-on-purpose.json");
    Files.createDirectories(file.getParent());
    Files.write(file, JSON.writeValueAsBytes(broken));

    SpectralLint.Result result = SpectralLint.lint(file);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.codes()).contains("idnet-rate-limit-headers", "owasp:api2:2023-write-restricted",
        "owasp:api4:2023-string-limit", "owasp:api4:2023-array-limit");
    assertThat(result.codes()).doesNotContain("owasp:api8:2023-define-cors-origin",
        "owasp:api2:2023-short-lived-access-tokens", "owasp:api4:2023-rate-limit");
  }
}
