package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Configuration the service cannot work without stops it at start, with a message naming the property. */
class DisclosureServiceStartupTest {

  static final String TLS = "--idnet.tls.directory=" + TestPeers.certificates("disclosure-service")
      .resolve("disclosure-service");
  static List<String> base;

  @BeforeAll
  static void database() throws Exception {
    base = new ArrayList<>(List.of("--server.port=0", "--spring.grpc.server.port=0",
        "--idnet.disclosure.keys.directory=" + Files.createTempDirectory("disclosure-startup-keys"),
        "--idnet.disclosure.keys.create-if-missing=true", "--idnet.disclosure.jobs.enabled=false",
        "--idnet.evidence.issuer-uri=http://127.0.0.1:9/realms/idnet"));
    DisclosureDatabase.create().springProperties().forEach((name, value) -> base.add("--" + name + "=" + value));
  }

  static String failureOf(String... more) {
    List<String> args = new ArrayList<>(base);
    // An argument given here replaces the base's argument of the same name.
    for (String argument : more) {
      String name = argument.substring(0, argument.indexOf('=') + 1);
      args.removeIf(a -> a.startsWith(name));
    }
    args.addAll(List.of(more));
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(DisclosureServiceApplication.class)
        .run(args.toArray(String[]::new)).close());
    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Test
  void startWhenTlsDirectoryMissingThenFailsNamingThePropertyNeverPlaintext() {
    assertThat(failureOf("--idnet.disclosure.legal-bases[0].code=VN-X", "--idnet.disclosure.legal-bases[0].title=X",
        "--idnet.disclosure.legal-bases[0].allowed-fields=FULL_NAME"))
        .contains("idnet.tls.directory is not set");
  }

  @Test
  void startWhenLegalBasisCatalogueEmptyThenFailsNamingTheProperty() {
    assertThat(failureOf(TLS)).contains("idnet.disclosure.legal-bases is empty");
  }

  @Test
  void startWhenLegalBasisMalformedThenFailsNamingTheEntry() {
    assertThat(failureOf(TLS, "--idnet.disclosure.legal-bases[0].code=VN-X",
        "--idnet.disclosure.legal-bases[0].title=X")).contains("legal basis VN-X").contains("no field");
  }

  @Test
  void startWhenEvidenceIssuerMissingThenFailsNamingTheProperty() {
    assertThat(failureOf(TLS, "--idnet.disclosure.legal-bases[0].code=VN-X",
        "--idnet.disclosure.legal-bases[0].title=X", "--idnet.disclosure.legal-bases[0].allowed-fields=FULL_NAME",
        "--idnet.evidence.issuer-uri=")).contains("idnet.evidence.issuer-uri is not set");
  }

  @Test
  void startWhenEvidenceIssuerIsPlainHttpElsewhereThenFailsNamingTheProperty() {
    String[] catalogue = {TLS, "--idnet.disclosure.legal-bases[0].code=VN-X",
        "--idnet.disclosure.legal-bases[0].title=X", "--idnet.disclosure.legal-bases[0].allowed-fields=FULL_NAME"};
    assertThat(failureOf(with(catalogue, "--idnet.evidence.issuer-uri=http://keycloak.example/realms/idnet")))
        .contains("idnet.evidence.issuer-uri must be an https:// URL");
    assertThat(failureOf(with(catalogue, "--idnet.evidence.jwks-uri=http://keycloak.example/certs")))
        .contains("idnet.evidence.jwks-uri must be an https:// URL");
  }

  private static String[] with(String[] arguments, String more) {
    List<String> all = new ArrayList<>(List.of(arguments));
    all.add(more);
    return all.toArray(String[]::new);
  }
}
