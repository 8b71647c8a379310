package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.idnet.stores.TestStores;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Configuration mistakes stop the start-up with a message that names the problem. */
class IdentityServiceStartupTest {

  @TempDir
  Path keys;
  @TempDir
  Path tls;

  private Throwable start(String... extra) {
    List<String> base = new ArrayList<>();
    TestDatabase.springProperties(TestStores.newDatabase("identity_startup"))
        .forEach((name, value) -> base.add("--" + name + "=" + value));
    base.addAll(List.of(
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--idnet.identity.keys.directory=" + keys,
        "--idnet.identity.register.url=http://127.0.0.1:1",
        "--idnet.identity.register.api-key=identity-startup-test-register-key"));
    base.addAll(List.of(extra));
    String[] args = base.toArray(String[]::new);
    return catchThrowable(() -> new SpringApplicationBuilder(IdentityServiceApplication.class).run(args).close());
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void startWhenKeysetMissingAndNotSandboxThenFailsNamingTheKeyset() {
    Path own = DevelopmentCa.create("startup-test CA", Duration.ofHours(1)).issueTo(tls, "identity-service");
    Throwable failure = start("--idnet.tls.directory=" + own);

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("aead-keyset.json").contains("does not exist")
        .contains("idnet.identity.keys.create-if-missing");
    Assertions.assertThat(keys).isEmptyDirectory();
  }

  @Test
  void startWhenTlsDirectoryUnsetThenFailsNamingThePropertyNeverPlaintext() {
    Throwable failure = start("--idnet.identity.keys.create-if-missing=true");

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("idnet.tls.directory is not set").contains("mutual TLS only");
  }

  @Test
  void startWhenTlsDirectoryLacksTheKeyThenFailsNamingTheFile() throws Exception {
    Path own = DevelopmentCa.create("startup-test CA", Duration.ofHours(1)).issueTo(tls, "identity-service");
    Files.delete(own.resolve("tls.key"));
    Throwable failure = start("--idnet.identity.keys.create-if-missing=true", "--idnet.tls.directory=" + own);

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("tls.key is missing");
  }

  @Test
  void startWhenEvidenceIssuerIsPlainHttpElsewhereThenFailsNamingTheProperty() {
    Path own = DevelopmentCa.create("startup-test CA", Duration.ofHours(1)).issueTo(tls, "identity-service");
    Throwable failure = start("--idnet.identity.keys.create-if-missing=true", "--idnet.tls.directory=" + own,
        "--idnet.evidence.issuer-uri=http://keycloak.example/realms/idnet");

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("idnet.evidence.issuer-uri must be an https:// URL");
  }

  @Test
  void startWhenEvidenceRefreshIsFasterThanTheRefetchFloorThenFailsNamingTheProperty() {
    Path own = DevelopmentCa.create("startup-test CA", Duration.ofHours(1)).issueTo(tls, "identity-service");
    Throwable failure = start("--idnet.identity.keys.create-if-missing=true", "--idnet.tls.directory=" + own,
        "--idnet.evidence.issuer-uri=https://keycloak.example/realms/idnet", "--idnet.evidence.refresh-every=10s");

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("idnet.evidence.refresh-every must be at least 1 minute");
  }
}
